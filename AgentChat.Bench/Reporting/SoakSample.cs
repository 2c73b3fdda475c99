namespace AgentChat.Bench.Reporting;

/// <summary>What the soak read at one moment: <see cref="Minute"/> minutes after its load began.</summary>
public sealed record SoakSample(
    double Minute,
    double WorkingSetMb,
    double LiveHeapMb,
    double RedisUsedMemoryMb,
    long RedisKeys,
    long PostgresConnections,
    long ApiThreads,
    double LoadAverage,
    long Answers);
