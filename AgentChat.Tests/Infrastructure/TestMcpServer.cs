using System.ComponentModel;
using AgentChat.LocalServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace AgentChat.Tests.Infrastructure;

/// <summary>A real MCP server over streamable HTTP, hosted in the test with ModelContextProtocol.AspNetCore.</summary>
public sealed class TestMcpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestMcpServer(WebApplication app, Uri address, SlowLookupGate gate)
    {
        _app = app;
        Address = address;
        SlowLookup = gate;
    }

    public Uri Address { get; }

    /// <summary>The <c>slow_lookup</c> tool waits on this until the test releases it (or its caller hangs up).</summary>
    public SlowLookupGate SlowLookup { get; }

    public static async Task<TestMcpServer> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var gate = new SlowLookupGate();
        builder.Services.AddSingleton(gate);
        builder.Services.AddMcpServer().WithHttpTransport().WithTools<WeatherTools>().WithTools<SlowTools>();
        var app = builder.Build();
        app.MapMcp("/mcp");
        await app.StartAsync();
        return new TestMcpServer(app, new Uri($"http://127.0.0.1:{port}/mcp"), gate);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [McpServerToolType]
    public sealed class WeatherTools
    {
        [McpServerTool(Name = "weather"), Description("Today's weather in a city.")]
        public static string Weather([Description("The city")] string city) => $"Sunny and 21 °C in {city}.";

        [McpServerTool(Name = "huge_report"), Description("A report far longer than anyone should read.")]
        public static string HugeReport() => new('x', 50_000);

        /// <summary>An MCP tool that reports its own failure: the SDK answers with <c>isError: true</c> and this message.</summary>
        [McpServerTool(Name = "stock_price"), Description("Today's price of a stock.")]
        public static string StockPrice([Description("The ticker")] string ticker) =>
            throw new McpException($"The price service has no quote for {ticker} right now.");
    }

    public sealed class SlowLookupGate
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when the tool has started, with the token the MCP request runs under.</summary>
        public TaskCompletionSource<CancellationToken> Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _release.TrySetResult();

        public async Task<string> WaitAsync(CancellationToken cancellationToken)
        {
            Started.TrySetResult(cancellationToken);
            await _release.Task.WaitAsync(cancellationToken);
            return "found it";
        }
    }

    [McpServerToolType]
    public sealed class SlowTools(SlowLookupGate gate)
    {
        [McpServerTool(Name = "slow_lookup"), Description("A lookup that takes as long as the test wants.")]
        public Task<string> SlowLookup(CancellationToken cancellationToken) => gate.WaitAsync(cancellationToken);
    }
}
