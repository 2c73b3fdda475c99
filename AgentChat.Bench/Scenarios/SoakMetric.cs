using AgentChat.Bench.Measuring;
using AgentChat.Bench.Reporting;

namespace AgentChat.Bench.Scenarios;

/// <summary>
/// One resource the soak watches, and what "flat" means for it: the least-squares slope over the
/// fitted samples, carried over the whole soak, must change the value by less than
/// <see cref="RelativeLimit"/> of its mean or <see cref="AbsoluteLimit"/>, whichever is larger.
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

    public sealed record Verdict(SoakMetric Metric, int Samples, double FromMinute, double Mean, double SlopePerMinute, double Change, double Limit)
    {
        public bool Flat => Math.Abs(Change) < Limit;

        public string Describe(double soakMinutes) =>
            $"slope {Signed(SlopePerMinute)} {Metric.Unit}/min over {Samples} samples from minute {ReportTable.Format(FromMinute)}: " +
            $"{Signed(Change)} {Metric.Unit} over {ReportTable.Format(soakMinutes)} min, mean {ReportTable.Format(Mean)} {Metric.Unit} (limit ±{ReportTable.Format(Limit)})";

        private static string Signed(double value) => (value >= 0 ? "+" : "−") + ReportTable.Format(Math.Abs(value));
    }

    public Verdict Judge(IReadOnlyList<SoakSample> samples, double fromMinute, double soakMinutes)
    {
        var fitted = samples.Where(s => s.Minute >= fromMinute).Select(s => (s.Minute, Read(s))).ToList();
        var mean = fitted.Count == 0 ? double.NaN : fitted.Average(p => p.Item2);
        var slope = LeastSquares.Slope(fitted);
        return new Verdict(this, fitted.Count, fromMinute, mean, slope, slope * soakMinutes, Math.Max(RelativeLimit * mean, AbsoluteLimit));
    }
}
