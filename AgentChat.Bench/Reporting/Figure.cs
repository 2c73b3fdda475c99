using AgentChat.Bench.Measuring;

namespace AgentChat.Bench.Reporting;

/// <summary>
/// One measured figure: a spread of samples, or a single value (a count, a ratio, a rate). Over
/// several runs, the median of each run's figure, with <see cref="AcrossRuns"/> saying how it varied.
/// </summary>
public sealed record Figure(string Section, string Name, string Unit, Distribution? Spread, double? Value, RunSpread? AcrossRuns = null)
{
    public static Figure Of(string section, string name, string unit, Distribution spread) => new(section, name, unit, spread, null);

    public static Figure Of(string section, string name, string unit, double value) => new(section, name, unit, null, value);

    /// <summary>The p50 of a spread, or the value.</summary>
    public double Headline => Spread?.P50 ?? Value ?? double.NaN;
}
