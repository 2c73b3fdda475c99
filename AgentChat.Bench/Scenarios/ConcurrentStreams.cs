using System.Diagnostics;
using AgentChat.Api.Ai;
using AgentChat.Bench.Clients;
using AgentChat.LocalServices;
using AgentChat.Bench.Measuring;
using AgentChat.Contracts;

namespace AgentChat.Bench.Scenarios;

/// <summary>
/// One step of the ladder: <c>streams</c> answers of <see cref="BenchSizes.StreamTokens"/> tokens at
/// <see cref="BenchSizes.TokensPerSecond"/> at once, each sent from its own tab, sends spread over
/// the ramp. Measures every chunk at the client and the server's CPU, memory and Redis commands.
/// </summary>
public static class ConcurrentStreams
{
    /// <summary>A stream that has not ended this long after it should have is counted as lost.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(60);
    private const string Question = "How does streaming work under load?";

    /// <summary>The bench itself shares the cores with the server: its own cost is shown beside the server's.</summary>
    private static readonly ProcessMeter BenchClient = new(Environment.ProcessId);

    public static async Task<StepResult> RunAsync(ApiProcess api, RedisCommandCounter redis, IReadOnlyList<StreamSlot> slots,
        int streams, BenchSizes sizes)
    {
        // The demo answer has a fixed head and tail, so a short answer has more tokens than asked for.
        var tokens = DemoAnswer.Tokens(Question, sizes.StreamTokens).Count;
        var providerSeconds = tokens / sizes.TokensPerSecond;
        // The model's first token comes at once (no delay), its last (tokens - 1) / rate later.
        var providerAfterFirstToken = (tokens - 1) / sizes.TokensPerSecond;
        var deadline = TimeSpan.FromSeconds(sizes.RampSeconds + providerSeconds) + Grace;
        var redisBefore = await redis.TotalCallsAsync();
        var meter = new ProcessMeter(api.ProcessId);
        var cpuBefore = meter.CpuTime();
        var clientCpuBefore = BenchClient.CpuTime();
        var started = Stopwatch.GetTimestamp();
        var outcomes = new StreamOutcome[streams];
        long peak;
        long before;
        await using (var workingSet = new PeakWorkingSet(meter))
        {
            before = workingSet.PeakBytes;
            await Task.WhenAll(Enumerable.Range(0, streams).Select(async i =>
            {
                await Task.Delay(TimeSpan.FromSeconds(sizes.RampSeconds * i / streams));
                outcomes[i] = await RunStreamAsync(slots[i], deadline);
            }));
            peak = workingSet.PeakBytes;
        }
        var lastFinal = outcomes.Where(o => o.FinalAt is not null).Select(o => o.FinalAt!.Value).DefaultIfEmpty(Stopwatch.GetTimestamp()).Max();
        var cpu = meter.CpuTime() - cpuBefore;
        var clientCpu = BenchClient.CpuTime() - clientCpuBefore;
        var redisCommands = await redis.TotalCallsAsync() - redisBefore;

        var traces = outcomes.Where(o => o.Trace is not null).Select(o => o.Trace!).ToList();
        return new StepResult(
            streams,
            Chunks: traces.Sum(t => (long)t.Arrivals.Select(a => a.Sequence).Distinct().Count()),
            WallSeconds: Stopwatch.GetElapsedTime(started, lastFinal).TotalSeconds,
            Stretch: Distribution.Of(outcomes.Where(o => o.FinalAt is not null)
                .Select(o => Stopwatch.GetElapsedTime(o.SentAt, o.FinalAt!.Value).TotalSeconds / providerSeconds)),
            StreamingStretch: Distribution.Of(outcomes.Where(o => o.FinalAt is not null)
                .Select(o => Stopwatch.GetElapsedTime(o.Trace!.First.Result, o.FinalAt!.Value).TotalSeconds / providerAfterFirstToken)),
            FirstChunkMs: Distribution.Of(outcomes.Where(o => o.Trace is { First.IsCompleted: true })
                .Select(o => Stopwatch.GetElapsedTime(o.SentAt, o.Trace!.First.Result).TotalMilliseconds)),
            LatenessMs: Distribution.Of(traces.SelectMany(t => t.InterArrivalLatenessMs(sizes.TokensPerSecond))),
            Lost: traces.Sum(t => t.Lost()),
            Duplicated: traces.Sum(t => t.Duplicated()),
            FailedSends: outcomes.Count(o => o.Trace is null),
            CpuSeconds: cpu.TotalSeconds,
            ClientCpuSeconds: clientCpu.TotalSeconds,
            WorkingSetBeforeBytes: before,
            PeakWorkingSetBytes: peak,
            RedisCommands: redisCommands);
    }

    private sealed record StreamOutcome(long SentAt, StreamTrace? Trace, long? FinalAt);

    private static async Task<StreamOutcome> RunStreamAsync(StreamSlot slot, TimeSpan deadline)
    {
        SendMessageResult sent;
        long sentAt;
        try
        {
            (sent, sentAt) = await slot.Connection.SendAsync(slot.ConversationId, Question);
        }
        catch (Exception e) when (e is Microsoft.AspNetCore.SignalR.HubException or InvalidOperationException or IOException)
        {
            Console.Error.WriteLine($"A send failed: {e.Message}");
            return new StreamOutcome(Stopwatch.GetTimestamp(), null, null);
        }
        var trace = slot.Connection.Trace(sent.AssistantMessageId);
        try
        {
            var final = await trace.Final.WaitAsync(deadline);
            return new StreamOutcome(sentAt, trace, final.Timestamp);
        }
        catch (TimeoutException)
        {
            return new StreamOutcome(sentAt, trace, null);
        }
    }
}
