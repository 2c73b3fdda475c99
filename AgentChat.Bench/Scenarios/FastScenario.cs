using AgentChat.Bench.Clients;
using AgentChat.Bench.Measuring;
using AgentChat.Bench.Reporting;

namespace AgentChat.Bench.Scenarios;

/// <summary>
/// Fast models (hosted models stream at 200–400 tokens/s): the ladder's answer at those paces,
/// 100 streams each on a fresh, warmed Api. Tokens may be merged into fewer chunks, so the step
/// reports SignalR messages per token beside the stretch.
/// </summary>
public sealed class FastScenario : IScenario
{
    private const double TargetRate = 400;
    private const double TargetStretch = 1.05;

    public string Name => "fast";

    public async Task RunAsync(BenchRun run)
    {
        var sizes = run.Sizes;
        foreach (var rate in sizes.FastRateList)
        {
            var label = $"fast {rate:0} tok/s";
            using var api = await run.StartApiAsync(label, BenchRun.DemoModel(0, rate, sizes.StreamTokens));
            using var http = BenchRun.HttpFor(api);
            await using var redis = await RedisCommandCounter.ConnectAsync(run.Servers.RedisConnectionString);
            var server = await BenchRun.MeasureAsync(api, http, redis);
            await using var pool = await SlotPool.CreateAsync(http, api.BaseAddress, sizes.FastStreams, sizes.StreamsPerUser, sizes.JoinBeforeSend, sizes.ColdTabEvery);
            var plan = BenchRun.LadderPlan(sizes, sizes.FastStreams) with { TokensPerSecond = rate };

            await ConcurrentStreams.WarmUpAsync(server, pool.Slots, plan, sizes);
            await Task.Delay(TimeSpan.FromSeconds(sizes.CoolDownSeconds));
            var step = await ConcurrentStreams.RunAsync(server, pool.Slots, plan);
            Console.WriteLine($"  {label} {StepFigures.Describe(step)}");
            StepFigures.Add(run.Report, $"{label}, {step.Streams}", step);
            run.CheckCorrect(label, step);
            if (rate == TargetRate)
            {
                run.Report.Target($"{step.Streams} streams at {TargetRate} tokens/s: stretch p99 ≤ {TargetStretch} (SignalR messages per token shown)",
                    $"stretch p99 {ReportTable.Format(step.Stretch.P99)}, {ReportTable.Format(step.MessagesPerToken)} messages per token",
                    step.Correct && step.Stretch.P99 <= TargetStretch);
            }
        }
    }
}
