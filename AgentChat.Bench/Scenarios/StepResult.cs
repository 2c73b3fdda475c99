using AgentChat.Bench.Measuring;

namespace AgentChat.Bench.Scenarios;

/// <summary>
/// What one step of concurrent streams delivered, and what it cost the server. Costs are per token
/// (the plan's, which the answers carry whatever the chunking), so merging tokens into fewer
/// chunks cannot flatter them; <see cref="Messages"/> counts what went over the wire.
/// <see cref="CpuSeconds"/> leaves out the server's CPU while it answered the bench's mid-step
/// live-heap probe (<see cref="ProbeCpuSeconds"/>): a forced full collection that only the bench
/// asks for, on either server.
/// </summary>
public sealed record StepResult(
    StepPlan Plan,
    long Chunks,
    long Messages,
    double WallSeconds,
    Distribution Stretch,
    Distribution StreamingStretch,
    Distribution FirstChunkMs,
    Distribution AcceptedMs,
    Distribution FirstChunkAfterAcceptedMs,
    Distribution ColdFirstChunkMs,
    Distribution LatenessMs,
    int Lost,
    int Duplicated,
    int FailedSends,
    double CpuSeconds,
    double ProbeCpuSeconds,
    double ClientCpuSeconds,
    long WorkingSetBeforeBytes,
    long PeakWorkingSetBytes,
    long? LiveHeapBeforeBytes,
    long? LiveHeapDuringBytes,
    RedisCommandCounter.Usage Redis)
{
    public int Streams => Plan.Streams;
    public double ChunksPerSecond => Chunks / WallSeconds;
    public double CpuPercent => CpuSeconds / WallSeconds * 100;
    public double ClientCpuPercent => ClientCpuSeconds / WallSeconds * 100;
    public double CpuMicrosecondsPerToken => CpuSeconds * 1e6 / Plan.TotalTokens;
    public double MessagesPerToken => (double)Messages / Plan.TotalTokens;
    public double MemoryPerStreamKb => Math.Max(0, PeakWorkingSetBytes - WorkingSetBeforeBytes) / 1024.0 / Streams;
    public double? LiveHeapPerStreamKb => LiveHeapDuringBytes - LiveHeapBeforeBytes is { } growth ? growth / 1024.0 / Streams : null;
    public double RedisCommandsPerToken => (double)Redis.Commands / Plan.TotalTokens;
    public double RedisCpuMicrosecondsPerToken => Redis.CpuSeconds * 1e6 / Plan.TotalTokens;
    public bool Correct => Lost == 0 && Duplicated == 0 && FailedSends == 0;
}
