using AgentChat.Bench.Measuring;
using AgentChat.Bench.Reporting;

namespace AgentChat.Bench.Scenarios;

/// <summary>
/// One resource the soak watches, and what "flat within noise" means for it. For most: the
/// least-squares slope over the samples after the warm-up, less twice its standard error (the low
/// end of an about-95% interval), carried over the whole soak, must stay below
/// <see cref="RelativeLimit"/> of the mean or <see cref="AbsoluteLimit"/>, whichever is larger.
/// So a resource fails only when the samples show growth beyond their own noise and of a size that
/// matters; a fall, a single step or minute-to-minute wander is no leak. A resource that is a pool
/// (<see cref="PoolSize"/>) passes when it never grows past its first sample plus the pool's size:
/// a pool breathes with the load by design, and a leaked connection would pin it at its ceiling
/// and fail sends, which the soak counts.
/// </summary>
public sealed record SoakMetric(string Name, string Unit, Func<SoakSample, double> Read, double RelativeLimit, double AbsoluteLimit,
    bool FillsOverRetention = false, double? PoolSize = null)
{
    /// <summary>
    /// 5% of the mean: a leak of even 1 KB per answer (40 answers/s at 200 streams) is 72 MB over
    /// 30 minutes, far more. Counts that sit near a handful (threads) get a small absolute floor.
    /// </summary>
    public const double FlatWithin = 0.05;

    /// <summary>Npgsql's default Maximum Pool Size; neither the Api nor the bench sets another.</summary>
    public const double NpgsqlPoolSize = 100;

    /// <summary>Standard errors below the slope for the low end of its interval (about 95% for the soak's 20–30 samples).</summary>
    public const double Spread = 2;

    public static readonly SoakMetric[] All =
    [
        new("Api working set (VmRSS)", "MB", s => s.WorkingSetMb, FlatWithin, 0),
        new("Api live GC heap (after a forced full GC)", "MB", s => s.LiveHeapMb, FlatWithin, 0),
        // Finished answers' chunk logs stay in Redis for Streaming:ResumeRetention, so Redis fills for that long first.
        new("Redis used_memory", "MB", s => s.RedisUsedMemoryMb, FlatWithin, 0, FillsOverRetention: true),
        new("Redis keys (DBSIZE)", "key", s => s.RedisKeys, FlatWithin, 0, FillsOverRetention: true),
        new("PostgreSQL connections (pg_stat_activity)", "connection", s => s.PostgresConnections, 0, 0, PoolSize: NpgsqlPoolSize),
        new("Api threads", "thread", s => s.ApiThreads, FlatWithin, 2)
    ];

    public sealed record Verdict(SoakMetric Metric, int Samples, double FromMinute, double Mean, double SlopePerMinute,
        double StandardError, double Growth, double Limit, double Peak)
    {
        public bool Flat => Metric.PoolSize is null ? Growth < Limit : Peak <= Limit;

        public string Describe(double soakMinutes) => Metric.PoolSize is { } pool
            ? $"peak {ReportTable.Format(Peak)} {Metric.Unit}s over {Samples} samples (limit {ReportTable.Format(Limit)}: the first sample plus a pool of {ReportTable.Format(pool)}); " +
              $"mean {ReportTable.Format(Mean)}, least-squares slope {Signed(SlopePerMinute)} {Metric.Unit}/min"
            : $"slope {Signed(SlopePerMinute)} ± {ReportTable.Format(Spread * StandardError)} {Metric.Unit}/min over {Samples} samples from minute {ReportTable.Format(FromMinute)}: " +
              $"growth beyond noise {Signed(Growth)} {Metric.Unit} over {ReportTable.Format(soakMinutes)} min, mean {ReportTable.Format(Mean)} {Metric.Unit} (limit +{ReportTable.Format(Limit)})";

        private static string Signed(double value) => (value >= 0 ? "+" : "−") + ReportTable.Format(Math.Abs(value));
    }

    public Verdict Judge(IReadOnlyList<SoakSample> samples, double fromMinute, double soakMinutes)
    {
        var fitted = samples.Where(s => s.Minute >= fromMinute).Select(s => (s.Minute, Read(s))).ToList();
        var mean = fitted.Count == 0 ? double.NaN : fitted.Average(p => p.Item2);
        var (slope, error) = LeastSquares.SlopeWithError(fitted);
        var peak = samples.Count == 0 ? double.NaN : samples.Max(Read);
        var limit = PoolSize is { } pool
            ? (samples.Count == 0 ? double.NaN : Read(samples[0]) + pool)
            : Math.Max(RelativeLimit * mean, AbsoluteLimit);
        return new Verdict(this, fitted.Count, fromMinute, mean, slope, error, (slope - Spread * error) * soakMinutes, limit, peak);
    }
}
