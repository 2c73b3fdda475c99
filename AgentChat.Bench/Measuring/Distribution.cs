namespace AgentChat.Bench.Measuring;

/// <summary>p50/p95/p99/max of a set of samples (nearest rank: every figure is a value actually seen).</summary>
public sealed record Distribution(int Count, double P50, double P95, double P99, double Max)
{
    public static Distribution Of(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new Distribution(0, double.NaN, double.NaN, double.NaN, double.NaN);
        }
        return new Distribution(sorted.Length, Rank(sorted, 0.50), Rank(sorted, 0.95), Rank(sorted, 0.99), sorted[^1]);
    }

    /// <summary>A figure measured once (a count, a ratio): every percentile is that value.</summary>
    public static Distribution Single(double value) => new(1, value, value, value, value);

    private static double Rank(double[] sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
