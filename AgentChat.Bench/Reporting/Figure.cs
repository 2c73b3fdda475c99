using AgentChat.Bench.Measuring;

namespace AgentChat.Bench.Reporting;

/// <summary>One measured figure: a spread of samples, or a single value (a count, a ratio, a rate).</summary>
public sealed record Figure(string Section, string Name, string Unit, Distribution? Spread, double? Value)
{
    public static Figure Of(string section, string name, string unit, Distribution spread) => new(section, name, unit, spread, null);

    public static Figure Of(string section, string name, string unit, double value) => new(section, name, unit, null, value);
}
