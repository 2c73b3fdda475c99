using AgentChat.Api.Streaming.Chunks;
using StackExchange.Redis;

namespace AgentChat.Api.Streaming.Ownership;

/// <summary>
/// Keeps this replica subscribed to its presence channel for as long as it runs. Redis drops the
/// subscription the moment the process dies (no timeout to wait out), and StackExchange.Redis
/// subscribes again by itself after a Redis restart.
/// </summary>
public sealed class ReplicaPresence(IConnectionMultiplexer redis, GenerationLeases leases) : IHostedService
{
    private ChannelMessageQueue? _presence;

    public async Task StartAsync(CancellationToken cancellationToken) =>
        _presence = await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(RedisKeys.Presence(leases.InstanceId)));

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_presence is not null)
        {
            await _presence.UnsubscribeAsync();
        }
    }
}
