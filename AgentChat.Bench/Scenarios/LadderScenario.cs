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
    private const double TargetFirstChunkP99Ms = 50;

    public string Name => "ladder";

    public async Task RunAsync(BenchRun run)
    {
        var sizes = run.Sizes;
        var steps = sizes.LadderStepList;
        using var api = await run.StartApiAsync(Name, BenchRun.DemoModel(0, sizes.TokensPerSecond, sizes.StreamTokens));
        using var http = BenchRun.HttpFor(api);
        await using var redis = await RedisCommandCounter.ConnectAsync(run.Servers.RedisConnectionString);
        var server = await BenchRun.MeasureAsync(api, http, redis);
        await using var pool = await SlotPool.CreateAsync(http, api.BaseAddress, steps.Max(), sizes.StreamsPerUser, sizes.JoinBeforeSend, sizes.ColdTabEvery);
        var plan = BenchRun.LadderPlan(sizes, steps.Max());

        // The first streams pay for JIT and connection pools; they would be billed to the first step.
        await ConcurrentStreams.WarmUpAsync(server, pool.Slots, plan, sizes);

        StepResult? lastGood = null;
        StepResult? top = null;
        foreach (var streams in steps)
        {
            await Task.Delay(TimeSpan.FromSeconds(sizes.CoolDownSeconds));
            var step = await ConcurrentStreams.RunAsync(server, pool.Slots, plan with { Streams = streams });
            top = step;
            Console.WriteLine($"  ladder {StepFigures.Describe(step)}");
            StepFigures.Add(run.Report, $"ladder {streams}", step);
            run.CheckCorrect($"Ladder step {streams}", step);
            if (!step.Correct)
            {
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
        run.Report.Target($"{TargetStreams:N0} concurrent streams at {sizes.TokensPerSecond} tokens/s: 0 lost, 0 duplicated, stretch p99 ≤ {TargetStretch}, " +
            $"time to first chunk p99 ≤ {TargetFirstChunkP99Ms} ms (cold joins included)",
            atTarget is null
                ? $"not reached (last good step {lastGoodStreams})"
                : $"{atTarget.Lost} lost, {atTarget.Duplicated} duplicated, stretch p99 {ReportTable.Format(atTarget.Stretch.P99)}, " +
                  $"first chunk p99 {ReportTable.Format(atTarget.FirstChunkMs.P99)} ms (cold joins p99 {ReportTable.Format(atTarget.ColdFirstChunkMs.P99)} ms, n {atTarget.ColdFirstChunkMs.Count})",
            atTarget is { Correct: true } && atTarget.Stretch.P99 <= TargetStretch && atTarget.FirstChunkMs.P99 <= TargetFirstChunkP99Ms);
    }
}
