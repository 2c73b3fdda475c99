using System.ComponentModel;
using AgentChat.LocalServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Server;

namespace AgentChat.Tests.Infrastructure;

/// <summary>A real MCP server over streamable HTTP, hosted in the test with ModelContextProtocol.AspNetCore.</summary>
public sealed class TestMcpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestMcpServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<TestMcpServer> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddMcpServer().WithHttpTransport().WithTools<WeatherTools>();
        var app = builder.Build();
        app.MapMcp("/mcp");
        await app.StartAsync();
        return new TestMcpServer(app, new Uri($"http://127.0.0.1:{port}/mcp"));
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
    }
}
