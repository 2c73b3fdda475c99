using AgentChat.Bench.Measuring;
using AgentChat.Bench.Reporting;

namespace AgentChat.Bench.Scenarios;

/// <summary>How a step's result reads in the report.</summary>
public static class StepFigures
{
    public static void Add(BenchReport report, string section, StepResult step)
    {
        AddCore(report, section, step);
        report.Add(Figure.Of(section, "of which time to first chunk", "ms", step.FirstChunkMs));
        report.Add(Figure.Of(section, "stretch: first → final chunk / provider's", "×", step.StreamingStretch));
        report.Add(Figure.Of(section, "chunk inter-arrival lateness", "ms", step.LatenessMs));
        report.Add(Figure.Of(section, "server working set, peak", "MB", step.PeakWorkingSetBytes / 1024.0 / 1024.0));
        report.Add(Figure.Of(section, "server memory per active stream", "KB", step.MemoryPerStreamKb));
    }

    /// <summary>What a step costs, without the latency detail: enough to compare two runs of one step.</summary>
    public static void AddCore(BenchReport report, string section, StepResult step)
    {
        report.Add(Figure.Of(section, "chunks delivered per second", "chunk/s", step.ChunksPerSecond));
        report.Add(Figure.Of(section, "stretch: send → final chunk / provider's duration", "×", step.Stretch));
        report.Add(Figure.Of(section, "lost chunks", "chunk", step.Lost));
        report.Add(Figure.Of(section, "duplicated chunks", "chunk", step.Duplicated));
        report.Add(Figure.Of(section, "failed sends", "send", step.FailedSends));
        report.Add(Figure.Of(section, "server CPU", "% of a core", step.CpuPercent));
        report.Add(Figure.Of(section, "server CPU per chunk", "µs", step.CpuMicrosecondsPerChunk));
        report.Add(Figure.Of(section, "bench client CPU (same machine)", "% of a core", step.ClientCpuPercent));
        report.Add(Figure.Of(section, "Redis commands per chunk", "command", step.RedisCommandsPerChunk));
    }

    public static string Describe(StepResult step) =>
        $"{step.Streams} streams: {step.Chunks} chunks, {ReportTable.Format(step.ChunksPerSecond)} chunk/s, stretch p99 {ReportTable.Format(step.Stretch.P99)}, " +
        $"lost {step.Lost}, duplicated {step.Duplicated}, failed sends {step.FailedSends}, CPU {ReportTable.Format(step.CpuPercent)}%";
}
