using System.Globalization;
using System.Text;
using AgentChat.Bench.Measuring;

namespace AgentChat.Bench.Reporting;

/// <summary>The report as Markdown tables, so what the console shows can go into the README as is.</summary>
public static class ReportTable
{
    public static string Render(BenchReport report)
    {
        var text = new StringBuilder();
        var machine = report.Machine;
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Machine: {machine.Cpus} CPUs ({machine.CpuModel}), {machine.MemoryMb:N0} MB, {machine.Os}, {machine.Runtime}; commit {report.Commit}; {report.StartedAt:yyyy-MM-dd HH:mm} UTC{(report.Smoke ? " (smoke size)" : "")}");
        var runs = report.Runs > 1;
        if (runs)
        {
            text.AppendLine().AppendLine(CultureInfo.InvariantCulture,
                $"Each figure is the median of {report.Runs} runs; the last column is the lowest–highest p50 (or value) the runs measured.");
        }
        text.AppendLine();
        text.AppendLine("| Scenario | Figure | Unit | n | p50 | p95 | p99 | max |" + (runs ? " p50 over runs |" : ""));
        text.AppendLine("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |" + (runs ? " ---: |" : ""));
        foreach (var figure in report.Figures)
        {
            var row = figure.Spread is { } spread
                ? Row(figure, spread.Count.ToString(CultureInfo.InvariantCulture), spread.P50, spread.P95, spread.P99, spread.Max)
                : $"| {figure.Section} | {figure.Name} | {figure.Unit} | | {Format(figure.Value ?? double.NaN)} | | | |";
            text.AppendLine(runs ? row + $" {Across(figure.AcrossRuns)} |" : row);
        }
        if (report.SoakSamples is { Count: > 0 } samples)
        {
            text.AppendLine().AppendLine("| Soak minute | Api RSS MB | Api live heap MB | Redis MB | Redis keys | PostgreSQL connections | Api threads | Load average | Answers |");
            text.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var s in samples)
            {
                text.AppendLine($"| {Format(s.Minute)} | {Format(s.WorkingSetMb)} | {Format(s.LiveHeapMb)} | {Format(s.RedisUsedMemoryMb)} | {s.RedisKeys:N0} | " +
                    $"{s.PostgresConnections} | {s.ApiThreads} | {Format(s.LoadAverage)} | {s.Answers:N0} |");
            }
        }
        text.AppendLine();
        text.AppendLine("| Target | Measured | Result |");
        text.AppendLine("| --- | --- | --- |");
        foreach (var target in report.Targets)
        {
            text.AppendLine($"| {target.Target} | {target.Measured} | {(target.Pass ? "pass" : "MISS")} |");
        }
        foreach (var note in report.Notes)
        {
            text.AppendLine().Append("Note: ").AppendLine(note);
        }
        foreach (var failure in report.Failures)
        {
            text.AppendLine().Append("FAILURE: ").AppendLine(failure);
        }
        return text.ToString();
    }

    private static string Row(Figure figure, string count, params double[] values) =>
        $"| {figure.Section} | {figure.Name} | {figure.Unit} | {count} | {string.Join(" | ", values.Select(Format))} |";

    private static string Across(RunSpread? spread) =>
        spread is null ? "" : $"{Format(spread.Min)}–{Format(spread.Max)}";

    public static string Format(double value) => value switch
    {
        double.NaN => "–",
        >= 1000 => value.ToString("N0", CultureInfo.InvariantCulture),
        >= 100 => value.ToString("F0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("F1", CultureInfo.InvariantCulture),
        _ => value.ToString("F2", CultureInfo.InvariantCulture)
    };

    public static string Format(Distribution spread, string unit) =>
        $"p50 {Format(spread.P50)} {unit}, p99 {Format(spread.P99)} {unit}";
}
