using System.Diagnostics;
using AgentChat.Bench.Clients;
using AgentChat.Bench.Measuring;

namespace AgentChat.Bench.Scenarios;

/// <summary>
/// One step of concurrent streams, the same schedule whatever the server: <see cref="StepPlan.Streams"/>
/// answers at once, each sent from its own tab, sends spread over the ramp. Measures every chunk at
/// the client and the server's CPU, memory and Redis use.
/// </summary>
public static class ConcurrentStreams
{
    /// <summary>A stream that has not ended this long after it should have is counted as lost.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(60);

    /// <summary>The bench itself shares the cores with the server: its own cost is shown beside the server's.</summary>
    private static readonly ProcessMeter BenchClient = new(Environment.ProcessId);

    /// <summary>An unmeasured step of <see cref="BenchSizes.WarmupStreams"/> (none at 0), so warm-up is not billed to the first measured step.</summary>
    public static async Task WarmUpAsync(MeasuredServer server, IReadOnlyList<ILoadTab> tabs, StepPlan plan, BenchSizes sizes)
    {
        var streams = Math.Min(sizes.WarmupStreams, tabs.Count);
        if (streams > 0)
        {
            await RunAsync(server with { LiveHeap = null }, tabs, plan with { Streams = streams });
        }
    }

    public static async Task<StepResult> RunAsync(MeasuredServer server, IReadOnlyList<ILoadTab> tabs, StepPlan plan)
    {
        var deadline = TimeSpan.FromSeconds(plan.RampSeconds + plan.ProviderSeconds) + Grace;
        var liveHeapBefore = server.LiveHeap is { } probe ? await probe.LiveHeapBytesAsync() : (long?)null;
        var redisBefore = await server.Redis.UsageAsync();
        var cpuBefore = server.Process.CpuTime();
        var clientCpuBefore = BenchClient.CpuTime();
        var started = Stopwatch.GetTimestamp();
        var outcomes = new StreamOutcome[plan.Streams];
        long peak;
        long before;
        long? liveHeapDuring = null;
        long? probedAt = null;
        var probeCpu = TimeSpan.Zero;
        await using (var workingSet = new PeakWorkingSet(server.Process))
        {
            before = workingSet.PeakBytes;
            var streams = Task.WhenAll(Enumerable.Range(0, plan.Streams).Select(async i =>
            {
                await Task.Delay(TimeSpan.FromSeconds(plan.RampSeconds * i / plan.Streams));
                outcomes[i] = await RunStreamAsync(tabs[i], plan, deadline);
            }));
            if (server.LiveHeap is { } during)
            {
                // Every stream is active once the ramp is over and before the first one ends, when
                // answers last longer than the ramp; otherwise as many as ever are (divided by below).
                await Task.Delay(TimeSpan.FromSeconds((plan.RampSeconds + plan.ProviderSeconds) / 2));
                var probeCpuBefore = server.Process.CpuTime();
                probedAt = Stopwatch.GetTimestamp();
                liveHeapDuring = await during.LiveHeapBytesAsync();
                probeCpu = server.Process.CpuTime() - probeCpuBefore;
            }
            await streams;
            peak = workingSet.PeakBytes;
        }
        var lastFinal = outcomes.Where(o => o.FinalAt is not null).Select(o => o.FinalAt!.Value).DefaultIfEmpty(Stopwatch.GetTimestamp()).Max();
        var cpu = server.Process.CpuTime() - cpuBefore - probeCpu;
        var clientCpu = BenchClient.CpuTime() - clientCpuBefore;
        var redis = await server.Redis.UsageAsync() - redisBefore;

        var sent = outcomes.Where(o => o.Trace is not null).ToList();
        var traces = sent.Select(o => o.Trace!).ToList();
        var lifetimes = sent.Select(o => (o.SentAt, o.FinalAt)).ToList();
        var firstChunks = outcomes.Where(o => o.Trace is { First.IsCompleted: true }).ToList();
        return new StepResult(
            plan,
            Chunks: traces.Sum(t => (long)t.Arrivals.Select(a => a.Sequence).Distinct().Count()),
            Messages: traces.Sum(t => (long)t.Arrivals.Count),
            WallSeconds: Stopwatch.GetElapsedTime(started, lastFinal).TotalSeconds,
            Stretch: Distribution.Of(outcomes.Where(o => o.FinalAt is not null)
                .Select(o => Stopwatch.GetElapsedTime(o.SentAt, o.FinalAt!.Value).TotalSeconds / plan.ProviderSeconds)),
            StreamingStretch: Distribution.Of(outcomes.Where(o => o.FinalAt is not null)
                .Select(o => Stopwatch.GetElapsedTime(o.Trace!.First.Result, o.FinalAt!.Value).TotalSeconds / plan.ProviderAfterFirstTokenSeconds)),
            FirstChunkMs: Distribution.Of(firstChunks.Select(FirstChunkMs)),
            AcceptedMs: Distribution.Of(firstChunks.Select(o => Stopwatch.GetElapsedTime(o.SentAt, o.AcceptedAt).TotalMilliseconds)),
            // Zero when the first chunk came before the send's reply did.
            FirstChunkAfterAcceptedMs: Distribution.Of(firstChunks.Select(o =>
                Math.Max(0, Stopwatch.GetElapsedTime(o.AcceptedAt, o.Trace!.First.Result).TotalMilliseconds))),
            ColdFirstChunkMs: Distribution.Of(firstChunks.Where(o => o.Cold).Select(FirstChunkMs)),
            LatenessMs: Distribution.Of(traces.SelectMany(t => t.InterArrivalLatenessMs(plan.TokensPerSecond))),
            Lost: traces.Sum(t => t.Lost()),
            Duplicated: traces.Sum(t => t.Duplicated()),
            FailedSends: outcomes.Count(o => o.Trace is null),
            CpuSeconds: cpu.TotalSeconds,
            ProbeCpuSeconds: probeCpu.TotalSeconds,
            ClientCpuSeconds: clientCpu.TotalSeconds,
            WorkingSetBeforeBytes: before,
            PeakWorkingSetBytes: peak,
            LiveHeapBeforeBytes: liveHeapBefore,
            LiveHeapDuringBytes: liveHeapDuring,
            PeakActiveStreams: ActiveStreams.Peak(lifetimes),
            ActiveStreamsAtProbe: probedAt is { } at ? ActiveStreams.At(lifetimes, at) : null,
            Redis: redis);
    }

    private static double FirstChunkMs(StreamOutcome outcome) =>
        Stopwatch.GetElapsedTime(outcome.SentAt, outcome.Trace!.First.Result).TotalMilliseconds;

    private sealed record StreamOutcome(long SentAt, long AcceptedAt, bool Cold, StreamTrace? Trace, long? FinalAt);

    private static async Task<StreamOutcome> RunStreamAsync(ILoadTab tab, StepPlan plan, TimeSpan deadline)
    {
        var cold = !tab.Warm;
        StreamTrace trace;
        long sentAt;
        long acceptedAt;
        try
        {
            (trace, sentAt, acceptedAt) = await tab.SendAsync(plan);
        }
        catch (Exception e) when (e is Microsoft.AspNetCore.SignalR.HubException or InvalidOperationException or IOException or HttpRequestException)
        {
            Console.Error.WriteLine($"A send failed: {e.Message}");
            var failedAt = Stopwatch.GetTimestamp();
            return new StreamOutcome(failedAt, failedAt, cold, null, null);
        }
        try
        {
            var final = await trace.Final.WaitAsync(deadline);
            return new StreamOutcome(sentAt, acceptedAt, cold, trace, final.Timestamp);
        }
        catch (TimeoutException)
        {
            return new StreamOutcome(sentAt, acceptedAt, cold, trace, null);
        }
    }
}
