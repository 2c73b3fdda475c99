using AgentChat.Api.Ai;
using AgentChat.Bench.Clients;
using AgentChat.Bench.Hosting;
using AgentChat.Bench.Measuring;
using AgentChat.Bench.Reporting;

namespace AgentChat.Bench.Scenarios;

/// <summary>
/// AgentChat and the peer (a Node SSE server on resumable-stream, AgentChat.Bench/Peer) side by side
/// in one run, under the ladder's schedule: at each step (200 and 500 streams by default) AgentChat's
/// step, then the peer's, each server warmed up first. Costs are per token, and each goal is the ratio.
/// </summary>
public sealed class PeerScenario : IScenario
{
    private const double TargetCpuRatio = 1.0;
    private const double TargetMemoryRatio = 1.0;
    private const string AgentChatLabel = "agentchat";
    private const string PeerLabel = "peer";

    public string Name => "peer";

    public async Task RunAsync(BenchRun run)
    {
        if (PeerServer.MissingTool() is { } missing)
        {
            run.Report.Notes.Add($"peer: skipped, {missing}.");
            Console.WriteLine($"  skipped: {missing}");
            return;
        }
        var sizes = run.Sizes;
        var steps = sizes.PeerStepList;
        var plan = BenchRun.LadderPlan(sizes, steps.Max());

        using var peer = await PeerServer.StartAsync(run.LogPath("peer"));
        using var peerHttp = new HttpClient { BaseAddress = peer.BaseAddress };
        await using var peerRedis = await RedisCommandCounter.ConnectAsync(peer.RedisConnectionString);
        var peerServer = new MeasuredServer(peer.Meter, peerRedis, await LiveHeapProbe.FindAsync(peerHttp, "/memory"));
        var peerTabs = await Task.WhenAll(Enumerable.Range(0, steps.Max()).Select(_ => SseTab.OpenAsync(peer.BaseAddress)));

        using var api = await run.StartApiAsync("peer agentchat", BenchRun.DemoModel(0, sizes.TokensPerSecond, sizes.StreamTokens));
        using var http = BenchRun.HttpFor(api);
        await using var redis = await RedisCommandCounter.ConnectAsync(run.Servers.RedisConnectionString);
        var apiServer = await BenchRun.MeasureAsync(api, http, redis);
        await using var pool = await SlotPool.CreateAsync(http, api.BaseAddress, steps.Max(), sizes.StreamsPerUser, sizes.JoinBeforeSend, sizes.ColdTabEvery);
        try
        {
            var loads = new Dictionary<string, (MeasuredServer Server, IReadOnlyList<ILoadTab> Tabs)>
            {
                [AgentChatLabel] = (apiServer, pool.Slots),
                [PeerLabel] = (peerServer, peerTabs)
            };
            foreach (var (server, tabs) in loads.Values)
            {
                await ConcurrentStreams.WarmUpAsync(server, tabs, plan, sizes);
            }
            foreach (var streams in steps)
            {
                var results = new Dictionary<string, StepResult>();
                foreach (var (label, (server, tabs)) in loads)
                {
                    await Task.Delay(TimeSpan.FromSeconds(sizes.CoolDownSeconds));
                    var step = await ConcurrentStreams.RunAsync(server, tabs, plan with { Streams = streams });
                    Console.WriteLine($"  {label} {StepFigures.Describe(step)}");
                    StepFigures.AddCore(run.Report, $"{label} {streams}", step);
                    StepFigures.AddMemory(run.Report, $"{label} {streams}", step);
                    run.CheckCorrect($"{label} {streams}", step);
                    results[label] = step;
                }
                Compare(run, streams, results[AgentChatLabel], results[PeerLabel], isTop: streams == steps.Max());
            }
        }
        finally
        {
            foreach (var tab in peerTabs)
            {
                tab.Dispose();
            }
        }
        if (apiServer.LiveHeap is null)
        {
            run.Report.Notes.Add("peer: AgentChat's live heap after a forced GC is not measured: the Api has no bench-only probe (GET /bench/memory); its RSS is.");
        }
    }

    private static void Compare(BenchRun run, int streams, StepResult ours, StepResult peer, bool isTop)
    {
        var section = $"agentchat / peer {streams}";
        var cpu = Ratio(run, section, "server CPU per token", ours.CpuMicrosecondsPerToken, peer.CpuMicrosecondsPerToken);
        Ratio(run, section, "Redis commands per token", ours.RedisCommandsPerToken, peer.RedisCommandsPerToken);
        Ratio(run, section, "Redis CPU per token", ours.RedisCpuMicrosecondsPerToken, peer.RedisCpuMicrosecondsPerToken);
        var rss = Ratio(run, section, "RSS growth per active stream", ours.MemoryPerStreamKb, peer.MemoryPerStreamKb);
        if (ours.LiveHeapPerStreamKb is { } ourHeap && peer.LiveHeapPerStreamKb is { } peerHeap)
        {
            Ratio(run, section, "live heap growth per active stream", ourHeap, peerHeap);
        }
        run.Report.Target($"Server CPU per token ≤ {TargetCpuRatio:0.0}× the peer at {streams} streams",
            $"{ReportTable.Format(cpu)}× ({ReportTable.Format(ours.CpuMicrosecondsPerToken)} / {ReportTable.Format(peer.CpuMicrosecondsPerToken)} µs)",
            cpu <= TargetCpuRatio);
        if (isTop)
        {
            // The biggest step says the most about memory: per-stream growth drowns the GC's noise.
            run.Report.Target($"RSS growth per active stream ≤ {TargetMemoryRatio:0.0}× the peer at {streams} streams",
                $"{ReportTable.Format(rss)}× ({ReportTable.Format(ours.MemoryPerStreamKb)} / {ReportTable.Format(peer.MemoryPerStreamKb)} KB)",
                rss <= TargetMemoryRatio);
        }
    }

    private static double Ratio(BenchRun run, string section, string name, double ours, double peer)
    {
        var ratio = ours / peer;
        run.Report.Add(Figure.Of(section, name, "×", ratio));
        return ratio;
    }
}
