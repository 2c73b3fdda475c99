using System.Globalization;

namespace AgentChat.Bench.Measuring;

/// <summary>CPU time and working set of another process, read from /proc/&lt;pid&gt;.</summary>
public sealed class ProcessMeter(int pid)
{
    /// <summary>USER_HZ: the unit of /proc CPU times, 100 on every Linux architecture .NET runs on.</summary>
    private const double TicksPerSecond = 100;

    public int Pid { get; } = pid;

    /// <summary>User plus system CPU time the process has used so far.</summary>
    public TimeSpan CpuTime()
    {
        var stat = File.ReadAllText($"/proc/{Pid}/stat");
        // Fields after the command name, which may itself contain spaces, start at state (field 3).
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds((utime + stime) / TicksPerSecond);
    }

    /// <summary>Resident set size (VmRSS), in bytes.</summary>
    public long WorkingSetBytes() => StatusField("VmRSS:") * 1024;

    /// <summary>The process's threads now (Threads in /proc/&lt;pid&gt;/status).</summary>
    public long Threads() => StatusField("Threads:");

    private long StatusField(string name)
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith(name, StringComparison.Ordinal))
            {
                var value = line[name.Length..].Trim().Split(' ')[0];
                return long.Parse(value, CultureInfo.InvariantCulture);
            }
        }
        throw new InvalidOperationException($"No {name} for process {Pid}.");
    }
}
