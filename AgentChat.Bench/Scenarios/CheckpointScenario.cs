using AgentChat.Bench.Clients;
using AgentChat.Bench.Measuring;
using AgentChat.Bench.Reporting;

namespace AgentChat.Bench.Scenarios;

/// <summary>
/// Scenario 3: the same step of concurrent streams with the Redis chunk log on and off
/// (Streaming:ChunkLogEnabled), each on a fresh Api warmed up by a small step first. The
/// ratio of server CPU per token is what the chunk log costs.
/// </summary>
public sealed class CheckpointScenario : IScenario
{
    private const double TargetRatio = 1.3;

    public string Name => "checkpoint";

    public async Task RunAsync(BenchRun run)
    {
        var withLog = await RunStepAsync(run, chunkLog: true);
        var withoutLog = await RunStepAsync(run, chunkLog: false);
        var ratio = withLog.CpuMicrosecondsPerToken / withoutLog.CpuMicrosecondsPerToken;
        run.Report.Add(Figure.Of("checkpoint", "CPU per token, chunk log on / off", "×", ratio));
        run.Report.Target($"Chunk log overhead ≤ {TargetRatio}× straight-broadcast CPU per token",
            $"{ReportTable.Format(ratio)}× ({ReportTable.Format(withLog.CpuMicrosecondsPerToken)} / {ReportTable.Format(withoutLog.CpuMicrosecondsPerToken)} µs) at {withLog.Streams} streams",
            ratio <= TargetRatio);
    }

    private static async Task<StepResult> RunStepAsync(BenchRun run, bool chunkLog)
    {
        var sizes = run.Sizes;
        var label = chunkLog ? "checkpoint log on" : "checkpoint log off";
        var settings = BenchRun.DemoModel(0, sizes.TokensPerSecond, sizes.StreamTokens);
        settings["Streaming:ChunkLogEnabled"] = chunkLog ? "true" : "false";
        using var api = await run.StartApiAsync(label, settings);
        using var http = BenchRun.HttpFor(api);
        await using var redis = await RedisCommandCounter.ConnectAsync(run.Servers.RedisConnectionString);
        var server = await BenchRun.MeasureAsync(api, http, redis);
        await using var pool = await SlotPool.CreateAsync(http, api.BaseAddress, sizes.CheckpointStreams, sizes.StreamsPerUser, sizes.JoinBeforeSend, sizes.ColdTabEvery);
        var plan = BenchRun.LadderPlan(sizes, sizes.CheckpointStreams);

        await ConcurrentStreams.WarmUpAsync(server, pool.Slots, plan, sizes);
        await Task.Delay(TimeSpan.FromSeconds(sizes.CoolDownSeconds));
        var step = await ConcurrentStreams.RunAsync(server, pool.Slots, plan);
        Console.WriteLine($"  {label} {StepFigures.Describe(step)}");
        StepFigures.AddCore(run.Report, $"{label}, {step.Streams}", step);
        run.CheckCorrect(label, step);
        return step;
    }
}
