using System.Globalization;
using StackExchange.Redis;

namespace AgentChat.Bench.Measuring;

/// <summary>
/// What Redis has done so far: commands executed, from INFO commandstats (the bench's own INFO
/// calls left out), and the CPU time its process used, from INFO cpu.
/// </summary>
public sealed class RedisCommandCounter : IAsyncDisposable
{
    private const string OwnCommand = "cmdstat_info:";
    private readonly ConnectionMultiplexer _redis;

    private RedisCommandCounter(ConnectionMultiplexer redis) => _redis = redis;

    public readonly record struct Usage(long Commands, double CpuSeconds)
    {
        public static Usage operator -(Usage after, Usage before) =>
            new(after.Commands - before.Commands, after.CpuSeconds - before.CpuSeconds);
    }

    public static async Task<RedisCommandCounter> ConnectAsync(string connectionString) =>
        new(await ConnectionMultiplexer.ConnectAsync(connectionString + ",allowAdmin=true"));

    public async Task<Usage> UsageAsync()
    {
        var server = _redis.GetServers()[0];
        var commands = await server.InfoRawAsync("commandstats") ?? "";
        var cpu = await server.InfoRawAsync("cpu") ?? "";
        return new Usage(TotalCalls(commands), Field(cpu, "used_cpu_user:") + Field(cpu, "used_cpu_sys:"));
    }

    private static long TotalCalls(string info)
    {
        long total = 0;
        foreach (var line in info.Split('\n'))
        {
            if (!line.StartsWith("cmdstat_", StringComparison.Ordinal) || line.StartsWith(OwnCommand, StringComparison.Ordinal))
            {
                continue;
            }
            var calls = line.IndexOf("calls=", StringComparison.Ordinal) + "calls=".Length;
            var end = line.IndexOf(',', calls);
            total += long.Parse(line.AsSpan(calls, end - calls), CultureInfo.InvariantCulture);
        }
        return total;
    }

    private static double Field(string info, string name)
    {
        var line = info.Split('\n').First(l => l.StartsWith(name, StringComparison.Ordinal));
        return double.Parse(line.AsSpan(name.Length).Trim(), CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();
}
