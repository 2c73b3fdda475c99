using StackExchange.Redis;

namespace AgentChat.Api.Common;

/// <summary>
/// A Redis channel on which the replicas tell each other about one id at a time (a stop, a
/// deleted conversation): the one place that knows how an id travels (32 hex digits) and that a
/// message which is not one is ignored.
/// </summary>
public sealed class IdChannel(IConnectionMultiplexer redis, string name)
{
    private readonly RedisChannel _channel = RedisChannel.Literal(name);

    public Task PublishAsync(Guid id) => redis.GetSubscriber().PublishAsync(_channel, id.ToString("N"));

    /// <summary>Hands every id published from now on to <paramref name="received"/>, until the subscription returned is unsubscribed.</summary>
    public async Task<ChannelMessageQueue> SubscribeAsync(Action<Guid> received)
    {
        var queue = await redis.GetSubscriber().SubscribeAsync(_channel);
        queue.OnMessage(message =>
        {
            if (Guid.TryParseExact(message.Message.ToString(), "N", out var id))
            {
                received(id);
            }
        });
        return queue;
    }
}
