using AgentChat.Bench.Reporting;

namespace AgentChat.Bench.Scenarios;

/// <summary>How a step's result reads in the report.</summary>
public static class StepFigures
{
    public static void Add(BenchReport report, string section, StepResult step)
    {
        AddCore(report, section, step);
        report.Add(Figure.Of(section, "of which time to first chunk", "ms", step.FirstChunkMs));
        // Where a slow first chunk waits: for the send to be accepted (the turn), or after it.
        report.Add(Figure.Of(section, "of which the send until accepted (SendMessage returned; the peer's headers)", "ms", step.AcceptedMs));
        report.Add(Figure.Of(section, "first chunk after the send was accepted", "ms", step.FirstChunkAfterAcceptedMs));
        if (step.ColdFirstChunkMs.Count > 0)
        {
            report.Add(Figure.Of(section, "time to first chunk, cold joins (first send joins)", "ms", step.ColdFirstChunkMs));
        }
        report.Add(Figure.Of(section, "stretch: first → final chunk / provider's", "×", step.StreamingStretch));
        report.Add(Figure.Of(section, "chunk inter-arrival lateness", "ms", step.LatenessMs));
        report.Add(Figure.Of(section, "server working set, peak", "MB", step.PeakWorkingSetBytes / 1024.0 / 1024.0));
        AddMemory(report, section, step);
    }

    /// <summary>What a step costs, without the latency detail: enough to compare two runs of one step.</summary>
    public static void AddCore(BenchReport report, string section, StepResult step)
    {
        report.Add(Figure.Of(section, "chunks delivered per second", "chunk/s", step.ChunksPerSecond));
        report.Add(Figure.Of(section, "stretch: send → final chunk / provider's duration", "×", step.Stretch));
        report.Add(Figure.Of(section, "lost chunks", "chunk", step.Lost));
        report.Add(Figure.Of(section, "duplicated chunks", "chunk", step.Duplicated));
        report.Add(Figure.Of(section, "failed sends", "send", step.FailedSends));
        report.Add(Figure.Of(section, "messages per token (chunks on the wire / tokens)", "message", step.MessagesPerToken));
        report.Add(Figure.Of(section, "server CPU", "% of a core", step.CpuPercent));
        report.Add(Figure.Of(section, "server CPU per token", "µs", step.CpuMicrosecondsPerToken));
        report.Add(Figure.Of(section, "bench client CPU (same machine)", "% of a core", step.ClientCpuPercent));
        report.Add(Figure.Of(section, "Redis commands per token", "command", step.RedisCommandsPerToken));
        report.Add(Figure.Of(section, "Redis CPU per token", "µs", step.RedisCpuMicrosecondsPerToken));
    }

    public static void AddMemory(BenchReport report, string section, StepResult step)
    {
        if (step.PeakActiveStreams < step.Streams)
        {
            // Answers shorter than the ramp: memory per active stream is divided by these.
            report.Add(Figure.Of(section, "streams active at once, most", "stream", step.PeakActiveStreams));
        }
        report.Add(Figure.Of(section, "RSS growth per active stream", "KB", step.MemoryPerStreamKb));
        if (step.LiveHeapPerStreamKb is { } live)
        {
            report.Add(Figure.Of(section, "live heap growth per active stream (after a forced full GC)", "KB", live));
            report.Add(Figure.Of(section, "server CPU while it answered the live-heap probe (not in server CPU)", "ms", step.ProbeCpuSeconds * 1000));
        }
    }

    public static string Describe(StepResult step) =>
        $"{step.Streams} streams: {step.Chunks} chunks, {ReportTable.Format(step.ChunksPerSecond)} chunk/s, stretch p99 {ReportTable.Format(step.Stretch.P99)}, " +
        $"TTFC p99 {ReportTable.Format(step.FirstChunkMs.P99)} ms (accepted p99 {ReportTable.Format(step.AcceptedMs.P99)} ms), lost {step.Lost}, duplicated {step.Duplicated}, failed sends {step.FailedSends}, " +
        $"CPU {ReportTable.Format(step.CpuPercent)}%, {ReportTable.Format(step.CpuMicrosecondsPerToken)} µs/token";
}
