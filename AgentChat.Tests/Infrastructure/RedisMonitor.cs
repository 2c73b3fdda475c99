using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using StackExchange.Redis;

namespace AgentChat.Tests.Infrastructure;

/// <summary>
/// Every command the test Redis runs while this is open, as its <c>MONITOR</c> prints them
/// (commands a script runs included, marked <c>[0 lua]</c>): for tests of what a call makes Redis
/// do, not only of what it answers. Redis is shared by the whole run, so look for this test's keys.
/// </summary>
public sealed class RedisMonitor : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Task _reading;

    private RedisMonitor(TcpClient client)
    {
        _client = client;
        _reading = Task.Run(ReadAsync);
    }

    public static async Task<RedisMonitor> StartAsync(int port)
    {
        var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        await client.GetStream().WriteAsync("*1\r\n$7\r\nMONITOR\r\n"u8.ToArray());
        var monitor = new RedisMonitor(client);
        await Eventually.HoldsAsync(() => monitor._lines.Contains("+OK"), "MONITOR did not start.");
        return monitor;
    }

    /// <summary>
    /// Every line printed up to a marker command sent after what the test made happen: Redis runs
    /// commands in the order they reach it, so what came before the marker is all there.
    /// </summary>
    public async Task<IReadOnlyList<string>> LinesUntilNowAsync(IDatabase redis)
    {
        var marker = $"agentchat-test-marker-{Guid.NewGuid():N}";
        await redis.ExecuteAsync("ECHO", marker);
        await Eventually.HoldsAsync(() => _lines.Any(line => line.Contains(marker)), "The marker never showed.");
        return [.. _lines.TakeWhile(line => !line.Contains(marker))];
    }

    private async Task ReadAsync()
    {
        try
        {
            using var reader = new StreamReader(_client.GetStream(), Encoding.UTF8);
            while (await reader.ReadLineAsync() is { } line)
            {
                _lines.Enqueue(line);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // closed by DisposeAsync
        }
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _reading;
    }
}
