using System.Net;

namespace AgentChat.Api.Extensions;

/// <summary>
/// For AgentChat.Bench only, and off unless <c>Bench:ProbeEnabled</c> is true: <c>GET /bench/memory</c>
/// forces a full, compacting collection and answers the live managed heap, so memory per stream can
/// be measured without the garbage that RSS includes. Answers callers on loopback only.
/// </summary>
public static class BenchProbeExtensions
{
    public const string Path = "/bench/memory";

    public static IEndpointRouteBuilder MapBenchProbe(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<IConfiguration>().GetValue<bool>("Bench:ProbeEnabled"))
        {
            return app;
        }
        app.MapGet(Path, (HttpContext context) =>
        {
            if (context.Connection.RemoteIpAddress is not { } caller || !IPAddress.IsLoopback(caller))
            {
                return Results.NotFound();
            }
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect();
            return Results.Ok(new { liveHeapBytes = GC.GetTotalMemory(forceFullCollection: false) });
        }).AllowAnonymous();
        return app;
    }
}
