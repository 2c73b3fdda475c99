namespace AgentChat.Bench.Measuring;

/// <summary>
/// The machine's 1-minute load average. Other work on a small shared machine moves every figure;
/// the report says how busy the machine was around each scenario so a reader can weigh them.
/// </summary>
public static class LoadAverage
{
    public static double OneMinute() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
}
