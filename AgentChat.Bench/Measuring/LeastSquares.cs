namespace AgentChat.Bench.Measuring;

/// <summary>The least-squares line through a set of (x, y) points.</summary>
public static class LeastSquares
{
    /// <summary>dy/dx of the fitted line; NaN with fewer than two distinct x.</summary>
    public static double Slope(IReadOnlyList<(double X, double Y)> points) => SlopeWithError(points).Slope;

    /// <summary>The slope and its standard error; the error is NaN with fewer than three points.</summary>
    public static (double Slope, double StandardError) SlopeWithError(IReadOnlyList<(double X, double Y)> points)
    {
        if (points.Count < 2)
        {
            return (double.NaN, double.NaN);
        }
        var meanX = points.Average(p => p.X);
        var meanY = points.Average(p => p.Y);
        var sxx = points.Sum(p => (p.X - meanX) * (p.X - meanX));
        if (sxx == 0)
        {
            return (double.NaN, double.NaN);
        }
        var slope = points.Sum(p => (p.X - meanX) * (p.Y - meanY)) / sxx;
        if (points.Count < 3)
        {
            return (slope, double.NaN);
        }
        var intercept = meanY - slope * meanX;
        var residuals = points.Sum(p => Math.Pow(p.Y - intercept - slope * p.X, 2));
        return (slope, Math.Sqrt(residuals / (points.Count - 2) / sxx));
    }
}
