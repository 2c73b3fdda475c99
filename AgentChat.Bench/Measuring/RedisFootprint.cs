using System.Globalization;
using StackExchange.Redis;

namespace AgentChat.Bench.Measuring;

/// <summary>How much Redis holds: bytes its allocator has in use (INFO memory used_memory) and keys (DBSIZE).</summary>
public sealed class RedisFootprint : IAsyncDisposable
{
    private const string UsedMemory = "used_memory:";
    private readonly ConnectionMultiplexer _redis;

    private RedisFootprint(ConnectionMultiplexer redis) => _redis = redis;

    public static async Task<RedisFootprint> ConnectAsync(string connectionString) =>
        new(await ConnectionMultiplexer.ConnectAsync(connectionString + ",allowAdmin=true"));

    public async Task<(long UsedMemoryBytes, long Keys)> ReadAsync()
    {
        var server = _redis.GetServers()[0];
        var memory = await server.InfoRawAsync("memory") ?? "";
        var line = memory.Split('\n').First(l => l.StartsWith(UsedMemory, StringComparison.Ordinal));
        return (long.Parse(line.AsSpan(UsedMemory.Length).Trim(), CultureInfo.InvariantCulture), await server.DatabaseSizeAsync());
    }

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();
}
