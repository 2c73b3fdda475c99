namespace AgentChat.Bench.Measuring;

/// <summary>The least-squares line through a set of (x, y) points.</summary>
public static class LeastSquares
{
    /// <summary>dy/dx of the fitted line; NaN with fewer than two distinct x.</summary>
    public static double Slope(IReadOnlyList<(double X, double Y)> points)
    {
        if (points.Count < 2)
        {
            return double.NaN;
        }
        var meanX = points.Average(p => p.X);
        var meanY = points.Average(p => p.Y);
        var sxx = points.Sum(p => (p.X - meanX) * (p.X - meanX));
        var sxy = points.Sum(p => (p.X - meanX) * (p.Y - meanY));
        return sxx == 0 ? double.NaN : sxy / sxx;
    }

    /// <summary>The slope and its standard error; NaN for both with fewer than three points.</summary>
    public static (double Slope, double StandardError) SlopeWithError(IReadOnlyList<(double X, double Y)> points)
    {
        var slope = Slope(points);
        if (points.Count < 3 || double.IsNaN(slope))
        {
            return (slope, double.NaN);
        }
        var meanX = points.Average(p => p.X);
        var meanY = points.Average(p => p.Y);
        var intercept = meanY - slope * meanX;
        var residuals = points.Sum(p => Math.Pow(p.Y - intercept - slope * p.X, 2));
        var sxx = points.Sum(p => (p.X - meanX) * (p.X - meanX));
        return (slope, Math.Sqrt(residuals / (points.Count - 2) / sxx));
    }
}
