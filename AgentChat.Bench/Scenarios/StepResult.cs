using AgentChat.Bench.Measuring;

namespace AgentChat.Bench.Scenarios;

/// <summary>
/// What one step of concurrent streams delivered, and what it cost the server. Costs are per token
/// (the plan's, which the answers carry whatever the chunking), so merging tokens into fewer
/// chunks cannot flatter them; <see cref="Messages"/> counts what went over the wire.
/// <see cref="CpuSeconds"/> leaves out the server's CPU while it answered the bench's mid-step
/// live-heap probe (<see cref="ProbeCpuSeconds"/>): a forced full collection that only the bench
/// asks for, on either server. Memory per active stream is divided by the streams active at once
/// (<see cref="PeakActiveStreams"/>, and for the live heap those active when it was read), which
/// is all of them unless answers are shorter than the ramp.
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
    int PeakActiveStreams,
    int? ActiveStreamsAtProbe,
    RedisCommandCounter.Usage Redis)
{
    public int Streams => Plan.Streams;
    public double ChunksPerSecond => Chunks / WallSeconds;
    public double CpuPercent => CpuSeconds / WallSeconds * 100;
    public double ClientCpuPercent => ClientCpuSeconds / WallSeconds * 100;
    public double CpuMicrosecondsPerToken => CpuSeconds * 1e6 / Plan.TotalTokens;
    public double MessagesPerToken => (double)Messages / Plan.TotalTokens;
    public double MemoryPerStreamKb => Math.Max(0, PeakWorkingSetBytes - WorkingSetBeforeBytes) / 1024.0 / Math.Max(1, PeakActiveStreams);
    public double? LiveHeapPerStreamKb => LiveHeapDuringBytes - LiveHeapBeforeBytes is { } growth && ActiveStreamsAtProbe is > 0 and var active
        ? growth / 1024.0 / active
        : null;
    public double RedisCommandsPerToken => (double)Redis.Commands / Plan.TotalTokens;
    public double RedisCpuMicrosecondsPerToken => Redis.CpuSeconds * 1e6 / Plan.TotalTokens;
    public bool Correct => Lost == 0 && Duplicated == 0 && FailedSends == 0;
}
