using System.Text.Json;
using AgentChat.Api.Streaming.Chunks;
using AgentChat.Contracts;
using StackExchange.Redis;

namespace AgentChat.Api.Streaming.Delivery;

/// <summary>
/// This replica's inbox (<see cref="RedisKeys.ChunkInbox"/>): chunks of answers generated on other
/// replicas, forwarded because a connection here watches their conversation (<see cref="LiveViewers"/>).
/// One subscription for the replica's life, read in order, so each answer's chunks reach a viewer
/// in sequence. StackExchange.Redis subscribes again by itself after a Redis restart.
/// </summary>
public sealed class ChunkInbox(IConnectionMultiplexer redis, LiveViewers viewers, ILogger<ChunkInbox> logger) : IHostedService
{
    private ChannelMessageQueue? _inbox;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _inbox = await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(RedisKeys.ChunkInbox(viewers.InstanceId)));
        _inbox.OnMessage(DeliverAsync);
    }

    private async Task DeliverAsync(ChannelMessage message)
    {
        MessageChunk chunk;
        try
        {
            chunk = ForwardedChunk.Read((byte[])message.Message!);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            logger.LogError(e, "Dropped a forwarded chunk that did not read as one");
            return;
        }
        await viewers.DeliverAsync(chunk);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_inbox is not null)
        {
            await _inbox.UnsubscribeAsync();
        }
    }
}
