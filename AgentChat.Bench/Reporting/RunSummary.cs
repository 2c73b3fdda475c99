using AgentChat.Bench.Measuring;

namespace AgentChat.Bench.Reporting;

/// <summary>
/// Several runs of the same scenarios as one report: each figure is the median of the runs'
/// (nearest rank, so a value some run measured), with the lowest and highest headline beside it;
/// a target passes only if it passed in every run.
/// </summary>
public static class RunSummary
{
    public static BenchReport Combine(IReadOnlyList<BenchReport> runs)
    {
        var first = runs[0];
        var combined = new BenchReport
        {
            Machine = first.Machine,
            Commit = first.Commit,
            StartedAt = first.StartedAt,
            Smoke = first.Smoke,
            Sizes = first.Sizes,
            Runs = runs.Count,
            PerRun = [.. runs]
        };
        foreach (var (label, settings) in first.ApiSettings)
        {
            combined.ApiSettings[label] = settings;
        }
        foreach (var group in runs.SelectMany(r => r.Figures).GroupBy(f => (f.Section, f.Name)))
        {
            combined.Add(Combine(group.ToList()));
        }
        foreach (var group in runs.SelectMany(r => r.Targets).GroupBy(t => t.Target))
        {
            var passed = group.Count(t => t.Pass);
            var measured = string.Join("; ", group.Select(t => t.Measured));
            combined.Targets.Add(new TargetResult(group.Key, $"{passed} of {runs.Count} runs pass: {measured}", passed == runs.Count));
        }
        for (var i = 0; i < runs.Count; i++)
        {
            combined.Notes.AddRange(runs[i].Notes.Select(n => $"run {i + 1}: {n}"));
            combined.Failures.AddRange(runs[i].Failures.Select(f => $"run {i + 1}: {f}"));
        }
        return combined;
    }

    private static Figure Combine(List<Figure> figures)
    {
        var figure = figures[0];
        var headlines = figures.Select(f => f.Headline).ToList();
        var spread = new RunSpread(figures.Count, headlines.Min(), headlines.Max());
        if (figures.All(f => f.Spread is not null))
        {
            var distributions = figures.Select(f => f.Spread!).ToList();
            var median = new Distribution((int)Median(distributions.Select(d => (double)d.Count)),
                Median(distributions.Select(d => d.P50)), Median(distributions.Select(d => d.P95)),
                Median(distributions.Select(d => d.P99)), Median(distributions.Select(d => d.Max)));
            return figure with { Spread = median, Value = null, AcrossRuns = spread };
        }
        return figure with { Spread = null, Value = Median(headlines), AcrossRuns = spread };
    }

    /// <summary>The lower middle of an even count: a value a run measured, never an average of two.</summary>
    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[(sorted.Length - 1) / 2];
    }
}
