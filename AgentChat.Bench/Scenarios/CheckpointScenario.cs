using AgentChat.Bench.Clients;
using AgentChat.Bench.Measuring;
using AgentChat.Bench.Reporting;

namespace AgentChat.Bench.Scenarios;

/// <summary>
/// Scenario 3: the same step of concurrent streams with the Redis chunk log on and off
/// (Streaming:ChunkLogEnabled), each on a fresh Api warmed up by a small step first. The
/// ratio of server CPU per chunk is what the chunk log costs.
/// </summary>
public sealed class CheckpointScenario : IScenario
{
    private const double TargetRatio = 1.3;

    public string Name => "checkpoint";

    public async Task RunAsync(BenchRun run)
    {
        var withLog = await RunStepAsync(run, chunkLog: true);
        var withoutLog = await RunStepAsync(run, chunkLog: false);
        var ratio = withLog.CpuMicrosecondsPerChunk / withoutLog.CpuMicrosecondsPerChunk;
        run.Report.Add(Figure.Of("checkpoint", "CPU per chunk, chunk log on / off", "×", ratio));
        run.Report.Target($"Chunk log overhead ≤ {TargetRatio}× straight-broadcast CPU per chunk",
            $"{ReportTable.Format(ratio)}× ({ReportTable.Format(withLog.CpuMicrosecondsPerChunk)} / {ReportTable.Format(withoutLog.CpuMicrosecondsPerChunk)} µs) at {withLog.Streams} streams",
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
        await using var pool = await SlotPool.CreateAsync(http, api.BaseAddress, sizes.CheckpointStreams, sizes.StreamsPerUser, sizes.JoinBeforeSend);

        await ConcurrentStreams.RunAsync(api, redis, pool.Slots, Math.Min(sizes.WarmupStreams, sizes.CheckpointStreams), sizes);
        await Task.Delay(TimeSpan.FromSeconds(sizes.CoolDownSeconds));
        var step = await ConcurrentStreams.RunAsync(api, redis, pool.Slots, sizes.CheckpointStreams, sizes);
        Console.WriteLine($"  {label} {StepFigures.Describe(step)}");
        StepFigures.AddCore(run.Report, $"{label}, {step.Streams}", step);
        if (!step.Correct)
        {
            run.Report.Failures.Add($"{label}: {step.Lost} lost, {step.Duplicated} duplicated chunks, {step.FailedSends} failed sends.");
        }
        return step;
    }
}
