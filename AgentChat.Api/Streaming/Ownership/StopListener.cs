using AgentChat.Api.Common;
using AgentChat.Api.Streaming.Chunks;
using AgentChat.Api.Streaming.Generation;
using StackExchange.Redis;

namespace AgentChat.Api.Streaming.Ownership;

/// <summary>Every replica listens for stops; the one that owns the generation cancels it.</summary>
public sealed class StopListener(IConnectionMultiplexer redis, GenerationRegistry registry, ILogger<StopListener> logger) : IHostedService
{
    private ChannelMessageQueue? _queue;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _queue = await new IdChannel(redis, RedisKeys.StopChannel).SubscribeAsync(messageId =>
        {
            if (registry.TryGet(messageId, out var generation))
            {
                logger.LogInformation("Stopping {MessageId} at a request relayed by another replica", messageId);
                generation.Stop(StopReason.UserStop);
            }
        });
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_queue is not null)
        {
            await _queue.UnsubscribeAsync();
        }
    }
}
