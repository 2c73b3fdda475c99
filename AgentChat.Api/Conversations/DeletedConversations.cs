using AgentChat.Api.Common;
using StackExchange.Redis;

namespace AgentChat.Api.Conversations;

/// <summary>
/// Tells every replica that a conversation was deleted, so each forgets its owner
/// (<see cref="ConversationOwners"/>) and a join there is "not found" again, as it is on the replica
/// that deleted it. Best effort: a replica that misses the message (Redis away at that moment)
/// forgets the owner within the cache's sliding hour; meanwhile a join there watches a conversation
/// that sends nothing, and a turn is still refused by PostgreSQL.
/// </summary>
public sealed class DeletedConversations(IConnectionMultiplexer redis, ConversationOwners owners, ILogger<DeletedConversations> logger)
    : IHostedService
{
    public const string Channel = "agentchat:conversation-deleted";

    private readonly IdChannel _deleted = new(redis, Channel);
    private ChannelMessageQueue? _queue;

    public async Task AnnounceAsync(Guid conversationId)
    {
        owners.Forget(conversationId);
        try
        {
            await _deleted.PublishAsync(conversationId);
        }
        catch (Exception e) when (e.IsRedisFault())
        {
            logger.LogWarning("Could not tell other replicas that {ConversationId} was deleted: {Error}", conversationId, e.GetType().Name);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _queue = await _deleted.SubscribeAsync(owners.Forget);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_queue is not null)
        {
            await _queue.UnsubscribeAsync();
        }
    }
}
