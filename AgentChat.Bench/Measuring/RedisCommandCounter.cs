using System.Globalization;
using StackExchange.Redis;

namespace AgentChat.Bench.Measuring;

/// <summary>Commands Redis has executed, from INFO commandstats (the bench's own INFO calls left out).</summary>
public sealed class RedisCommandCounter : IAsyncDisposable
{
    private const string OwnCommand = "cmdstat_info:";
    private readonly ConnectionMultiplexer _redis;

    private RedisCommandCounter(ConnectionMultiplexer redis) => _redis = redis;

    public static async Task<RedisCommandCounter> ConnectAsync(string connectionString) =>
        new(await ConnectionMultiplexer.ConnectAsync(connectionString + ",allowAdmin=true"));

    public async Task<long> TotalCallsAsync()
    {
        var server = _redis.GetServers()[0];
        var info = await server.InfoRawAsync("commandstats") ?? "";
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

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();
}
