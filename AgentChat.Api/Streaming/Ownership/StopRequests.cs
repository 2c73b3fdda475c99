using AgentChat.Api.Conversations;
using AgentChat.Api.Data;
using AgentChat.Api.Streaming.Chunks;
using AgentChat.Api.Streaming.Generation;
using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace AgentChat.Api.Streaming.Ownership;

/// <summary>
/// StopGenerating: cancels here when this replica owns the generation, otherwise publishes the
/// stop on Redis for the replica that does (<see cref="StopListener"/>). Stopping an answer that
/// already ended does nothing.
/// </summary>
public sealed class StopRequests(ConversationAccess access, GenerationRegistry registry, IConnectionMultiplexer redis, ILogger<StopRequests> logger)
{
    public async Task StopAsync(string userId, string? messageId)
    {
        var message = await access.MessageAsync(messageId, userId);
        if (message.Role != MessageRole.Assistant)
        {
            throw new HubException("Only an agent's answer can be stopped.");
        }
        if (message.Status != MessageStatus.Streaming)
        {
            return;
        }
        if (registry.TryGet(message.Id, out var local))
        {
            local.Stop(StopReason.UserStop);
            return;
        }
        try
        {
            await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisKeys.StopChannel), message.Id.ToString("N"));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning(e, "Could not publish the stop of {MessageId}", message.Id);
            throw new HubException("The server generating this answer could not be reached. Please try again.");
        }
    }
}
