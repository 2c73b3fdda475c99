using AgentChat.Bench.Measuring;

namespace AgentChat.Bench.Scenarios;

/// <summary>
/// A server under load, as the bench sees it from outside: its process (CPU time, RSS), the Redis
/// it uses (commands, CPU time) and, if it has one, a probe of its live heap after a forced collection.
/// </summary>
public sealed record MeasuredServer(ProcessMeter Process, RedisCommandCounter Redis, LiveHeapProbe? LiveHeap);
