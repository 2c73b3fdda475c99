using AgentChat.Bench.Measuring;

namespace AgentChat.Bench.Scenarios;

/// <summary>What one step of concurrent streams delivered, and what it cost the server.</summary>
public sealed record StepResult(
    int Streams,
    long Chunks,
    double WallSeconds,
    Distribution Stretch,
    Distribution StreamingStretch,
    Distribution FirstChunkMs,
    Distribution LatenessMs,
    int Lost,
    int Duplicated,
    int FailedSends,
    double CpuSeconds,
    double ClientCpuSeconds,
    long WorkingSetBeforeBytes,
    long PeakWorkingSetBytes,
    long RedisCommands)
{
    public double ChunksPerSecond => Chunks / WallSeconds;
    public double CpuPercent => CpuSeconds / WallSeconds * 100;
    public double ClientCpuPercent => ClientCpuSeconds / WallSeconds * 100;
    public double CpuMicrosecondsPerChunk => CpuSeconds * 1e6 / Chunks;
    public double MemoryPerStreamKb => Math.Max(0, PeakWorkingSetBytes - WorkingSetBeforeBytes) / 1024.0 / Streams;
    public double RedisCommandsPerChunk => (double)RedisCommands / Chunks;
    public bool Correct => Lost == 0 && Duplicated == 0 && FailedSends == 0;
}
