using AgentChat.Bench.Clients;
using AgentChat.Bench.Measuring;
using AgentChat.Bench.Reporting;

namespace AgentChat.Bench.Scenarios;

/// <summary>
/// Scenario 2: more and more concurrent streams (50, 200, 500, 1000 by default). Stops at the
/// first step that loses or duplicates a chunk or stretches past <see cref="StopStretch"/>, and
/// reports the last good step.
/// </summary>
public sealed class LadderScenario : IScenario
{
    public const double StopStretch = 1.1;
    private const int TargetStreams = 1000;
    private const double TargetStretch = 1.05;
    private const double TargetMemoryPerStreamKb = 50;

    public string Name => "ladder";

    public async Task RunAsync(BenchRun run)
    {
        var sizes = run.Sizes;
        var steps = sizes.LadderStepList;
        using var api = await run.StartApiAsync(Name, BenchRun.DemoModel(0, sizes.TokensPerSecond, sizes.StreamTokens));
        using var http = BenchRun.HttpFor(api);
        await using var redis = await RedisCommandCounter.ConnectAsync(run.Servers.RedisConnectionString);
        await using var pool = await SlotPool.CreateAsync(http, api.BaseAddress, steps.Max(), sizes.StreamsPerUser, sizes.JoinBeforeSend);

        // The first streams pay for JIT and connection pools; they would be billed to the first step.
        await ConcurrentStreams.RunAsync(api, redis, pool.Slots, Math.Min(sizes.WarmupStreams, steps.Max()), sizes);

        StepResult? lastGood = null;
        StepResult? top = null;
        foreach (var streams in steps)
        {
            await Task.Delay(TimeSpan.FromSeconds(sizes.CoolDownSeconds));
            var step = await ConcurrentStreams.RunAsync(api, redis, pool.Slots, streams, sizes);
            top = step;
            Console.WriteLine($"  ladder {StepFigures.Describe(step)}");
            StepFigures.Add(run.Report, $"ladder {streams}", step);
            if (!step.Correct)
            {
                run.Report.Failures.Add($"Ladder step {streams}: {step.Lost} lost, {step.Duplicated} duplicated chunks, {step.FailedSends} failed sends.");
                break;
            }
            if (step.Stretch.P99 > StopStretch)
            {
                run.Report.Notes.Add($"The ladder stopped at {streams} streams: stretch p99 {ReportTable.Format(step.Stretch.P99)} > {StopStretch}.");
                break;
            }
            lastGood = step;
        }

        var lastGoodStreams = lastGood?.Streams ?? 0;
        run.Report.Add(Figure.Of("ladder", "last good step", "streams", lastGoodStreams));
        var atTarget = top is { Streams: >= TargetStreams } ? top : null;
        run.Report.Target($"{TargetStreams:N0} concurrent streams at {sizes.TokensPerSecond} tokens/s: 0 lost, 0 duplicated, stretch p99 ≤ {TargetStretch}",
            atTarget is null
                ? $"not reached (last good step {lastGoodStreams})"
                : $"{atTarget.Lost} lost, {atTarget.Duplicated} duplicated, stretch p99 {ReportTable.Format(atTarget.Stretch.P99)}",
            atTarget is { Correct: true } && atTarget.Stretch.P99 <= TargetStretch);
        // The biggest step measured says the most about memory: per-stream growth drowns the GC's noise.
        if (top is not null)
        {
            run.Report.Target($"Server memory per active stream ≤ {TargetMemoryPerStreamKb} KB",
                $"{ReportTable.Format(top.MemoryPerStreamKb)} KB at {top.Streams} streams", top.MemoryPerStreamKb <= TargetMemoryPerStreamKb);
        }
    }
}
