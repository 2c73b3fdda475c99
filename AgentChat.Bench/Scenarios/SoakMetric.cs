using AgentChat.Bench.Measuring;
using AgentChat.Bench.Reporting;

namespace AgentChat.Bench.Scenarios;

/// <summary>
/// One resource the soak watches, and what "flat" means for it: it does not keep growing. The fitted
/// samples (after the warm-up) are cut into thirds; the rise from the middle third's median to the
/// last third's, carried over the whole soak (× 3, the thirds' medians lie a third of the fit
/// apart), must be less than <see cref="RelativeLimit"/> of the mean or <see cref="AbsoluteLimit"/>,
/// whichever is larger. A leak grows all the time and is caught; a single step (a connection pool
/// growing once, the GC settling on a larger heap) or a fall is not a leak, and a straight-line fit
/// called both a miss. The least-squares slope is still reported beside it.
/// </summary>
public sealed record SoakMetric(string Name, string Unit, Func<SoakSample, double> Read, double RelativeLimit, double AbsoluteLimit, bool FillsOverRetention = false)
{
    /// <summary>
    /// 5% of the mean: per-minute samples on a shared 2-core machine wander by a few percent, while a
    /// leak of even 1 KB per answer (40 answers/s at 200 streams) is 72 MB over 30 minutes, far more.
    /// Counts that sit near a handful (connections, threads) get a small absolute floor instead.
    /// </summary>
    public const double FlatWithin = 0.05;

    public static readonly SoakMetric[] All =
    [
        new("Api working set (VmRSS)", "MB", s => s.WorkingSetMb, FlatWithin, 0),
        new("Api live GC heap (after a forced full GC)", "MB", s => s.LiveHeapMb, FlatWithin, 0),
        // Finished answers' chunk logs stay in Redis for Streaming:ResumeRetention, so Redis fills for that long first.
        new("Redis used_memory", "MB", s => s.RedisUsedMemoryMb, FlatWithin, 0, FillsOverRetention: true),
        new("Redis keys (DBSIZE)", "key", s => s.RedisKeys, FlatWithin, 0, FillsOverRetention: true),
        new("PostgreSQL connections (pg_stat_activity)", "connection", s => s.PostgresConnections, 0, 2),
        new("Api threads", "thread", s => s.ApiThreads, FlatWithin, 2)
    ];

    public sealed record Verdict(SoakMetric Metric, int Samples, double FromMinute, double Mean, double SlopePerMinute,
        double MiddleMedian, double LastMedian, double Growth, double Limit)
    {
        public bool Flat => Growth < Limit;

        public string Describe(double soakMinutes) =>
            $"median {ReportTable.Format(MiddleMedian)} → {ReportTable.Format(LastMedian)} {Metric.Unit} from the middle to the last third of {Samples} samples " +
            $"after minute {ReportTable.Format(FromMinute)}: growth {Signed(Growth)} {Metric.Unit} over {ReportTable.Format(soakMinutes)} min " +
            $"(limit +{ReportTable.Format(Limit)}, mean {ReportTable.Format(Mean)} {Metric.Unit}); least-squares slope {Signed(SlopePerMinute)} {Metric.Unit}/min";

        private static string Signed(double value) => (value >= 0 ? "+" : "−") + ReportTable.Format(Math.Abs(value));
    }

    public Verdict Judge(IReadOnlyList<SoakSample> samples, double fromMinute, double soakMinutes)
    {
        var fitted = samples.Where(s => s.Minute >= fromMinute).Select(s => (s.Minute, Read(s))).ToList();
        var mean = fitted.Count == 0 ? double.NaN : fitted.Average(p => p.Item2);
        var slope = LeastSquares.Slope(fitted);
        var third = fitted.Count / 3;
        if (third == 0)
        {
            return new Verdict(this, fitted.Count, fromMinute, mean, slope, double.NaN, double.NaN, double.NaN, Math.Max(RelativeLimit * mean, AbsoluteLimit));
        }
        var middle = Median(fitted.Skip(third).Take(third).Select(p => p.Item2));
        var last = Median(fitted.Skip(fitted.Count - third).Select(p => p.Item2));
        return new Verdict(this, fitted.Count, fromMinute, mean, slope, middle, last, (last - middle) * 3, Math.Max(RelativeLimit * mean, AbsoluteLimit));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var half = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
    }
}
