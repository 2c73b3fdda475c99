using System.Net;
using AgentChat.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace AgentChat.Api.Extensions;

/// <summary>
/// For AgentChat.Bench only, and off unless <c>Bench:ProbeEnabled</c> is true; both answer callers
/// on loopback only.
/// <list type="bullet">
/// <item><c>GET /bench/memory</c> forces a full, compacting collection and answers the live managed
/// heap, so memory per stream can be measured without the garbage that RSS includes.</item>
/// <item>The hub at <c>/bench/echo</c> has one method that does nothing but push one chunk to its
/// caller and return (<see cref="BenchEchoHub"/>): the time to first token's zero line for the
/// transport, the part of the pipeline no change of ours can remove.</item>
/// </list>
/// </summary>
public static class BenchProbeExtensions
{
    public const string Path = "/bench/memory";
    public const string EchoHubPath = "/bench/echo";
    public const string EchoMethod = nameof(BenchEchoHub.Echo);

    public static IEndpointRouteBuilder MapBenchProbe(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<IConfiguration>().GetValue<bool>("Bench:ProbeEnabled"))
        {
            return app;
        }
        app.MapGet(Path, (HttpContext context) =>
        {
            if (!IsLoopback(context))
            {
                return Results.NotFound();
            }
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect();
            return Results.Ok(new { liveHeapBytes = GC.GetTotalMemory(forceFullCollection: false) });
        }).AllowAnonymous();
        app.MapHub<BenchEchoHub>(EchoHubPath);
        return app;
    }

    private static bool IsLoopback(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } caller && IPAddress.IsLoopback(caller);

    /// <summary>
    /// Signed in like the chat hub, and reached the same way (WebSockets, the JSON protocol), so
    /// an echo costs what a <c>SendMessage</c> costs without the turn: authorization, dispatch, one
    /// chunk pushed and the result written.
    /// </summary>
    [Authorize]
    public sealed class BenchEchoHub : Hub
    {
        public override Task OnConnectedAsync()
        {
            if (Context.GetHttpContext() is not { } http || !IsLoopback(http))
            {
                Context.Abort();
            }
            return Task.CompletedTask;
        }

        public async Task<long> Echo(long sequence)
        {
            var chunk = new MessageChunk(Guid.Empty, Guid.Empty, Guid.Empty, sequence, "echo", false, WireStatus.Streaming);
            await Clients.Caller.SendAsync(ChatHubMethods.MessageChunk, chunk);
            return sequence;
        }
    }
}
