using System.Net;
using System.Net.Http.Json;
using AgentChat.Api.Extensions;
using AgentChat.Contracts;
using AgentChat.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace AgentChat.Tests.Api;

/// <summary>The bench's probes (live heap, echo hub) exist only when a setting turns them on.</summary>
public sealed class BenchProbeTests
{
    [Fact]
    public async Task The_probes_are_absent_unless_turned_on()
    {
        var servers = await SharedServers.GetAsync();
        await using var off = new ApiFactory(servers, $"probe_{Guid.NewGuid():N}");
        var client = off.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/bench/memory")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"{BenchProbeExtensions.EchoHubPath}/negotiate?negotiateVersion=1", null)).StatusCode);
    }

    [Fact]
    public async Task The_live_heap_probe_answers_the_heap_after_a_full_collection_when_turned_on()
    {
        await using var on = await TurnedOnAsync();
        using var http = new HttpClient { BaseAddress = on.ServerAddress };

        var heap = await http.GetFromJsonAsync<LiveHeap>("/bench/memory");

        Assert.InRange(heap!.LiveHeapBytes, 1, long.MaxValue);
    }

    [Fact]
    public async Task The_echo_hub_pushes_one_chunk_to_its_signed_in_caller_and_returns()
    {
        await using var on = await TurnedOnAsync();
        var user = await TestUser.RegisterAsync(on.CreateClient());
        await using var echo = Connect(on, user.AccessToken);
        var pushed = new TaskCompletionSource<MessageChunk>(TaskCreationOptions.RunContinuationsAsynchronously);
        echo.On<MessageChunk>(ChatHubMethods.MessageChunk, chunk => pushed.TrySetResult(chunk));
        await echo.StartAsync();

        var returned = await echo.InvokeAsync<long>(BenchProbeExtensions.EchoMethod, 7L);

        Assert.Equal(7, returned);
        var chunk = await pushed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((7L, "echo", WireStatus.Streaming), (chunk.Sequence, chunk.Chunk, chunk.Status));
    }

    [Fact]
    public async Task The_echo_hub_refuses_an_anonymous_caller()
    {
        await using var on = await TurnedOnAsync();
        await using var echo = Connect(on, accessToken: null);

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => echo.StartAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Turned_on_the_probes_still_refuse_a_caller_that_is_not_on_loopback()
    {
        // Every request seems to come from another machine (a documentation address, RFC 5737).
        await using var on = await TurnedOnAsync(services => services.AddSingleton<IStartupFilter>(new FromElsewhere()));
        using var http = new HttpClient { BaseAddress = on.ServerAddress };
        var user = await TestUser.RegisterAsync(http);

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/bench/memory")).StatusCode);

        await using var echo = Connect(on, user.AccessToken);
        var pushed = new TaskCompletionSource<MessageChunk>(TaskCreationOptions.RunContinuationsAsynchronously);
        echo.On<MessageChunk>(ChatHubMethods.MessageChunk, chunk => pushed.TrySetResult(chunk));
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        echo.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        try
        {
            await echo.StartAsync();
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException
                                      or System.Net.WebSockets.WebSocketException)
        {
            closed.TrySetResult(); // refused while starting
        }

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HubConnectionState.Disconnected, echo.State);
        Assert.False(pushed.Task.IsCompleted);
    }

    private static async Task<ApiFactory> TurnedOnAsync(Action<IServiceCollection>? configureServices = null) =>
        new(await SharedServers.GetAsync(), $"probe_{Guid.NewGuid():N}", configureServices,
            settings: new Dictionary<string, string?> { ["Bench:ProbeEnabled"] = "true" }, kestrel: true);

    private sealed class FromElsewhere : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7");
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    // Not HubConnections.Create, which skips negotiation: negotiating first makes a refusal an
    // HTTP status (401) rather than a failed WebSocket upgrade.
    private static HubConnection Connect(ApiFactory host, string? accessToken) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(host.ServerAddress, BenchProbeExtensions.EchoHubPath), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.AccessTokenProvider = () => Task.FromResult(accessToken);
            })
            .Build();

    private sealed record LiveHeap(long LiveHeapBytes);
}
