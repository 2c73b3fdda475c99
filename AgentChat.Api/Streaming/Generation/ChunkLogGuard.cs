using StackExchange.Redis;

namespace AgentChat.Api.Streaming.Generation;

/// <summary>
/// When this replica's Redis connection comes back, every answer it generates checks that its
/// chunk log survived (a Redis that restarted without its data keeps only what came after) and
/// rewrites it from memory if not.
/// </summary>
public sealed class ChunkLogGuard(IConnectionMultiplexer redis, GenerationRegistry registry, TokenPublisher publisher) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionRestored += OnRestored;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionRestored -= OnRestored;
        return Task.CompletedTask;
    }

    private void OnRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType != ConnectionType.Interactive)
        {
            return;
        }
        foreach (var generation in registry.Snapshot())
        {
            // At once, for answers that are quiet (a model thinking); the rewrite is atomic, so
            // chunks the answer publishes meanwhile are kept.
            _ = publisher.RestoreLogAsync(generation);
        }
    }
}
