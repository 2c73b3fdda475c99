using AgentChat.Api.Common;
using AgentChat.Api.Conversations;
using AgentChat.Api.Data;
using AgentChat.Api.Streaming.Chunks;
using AgentChat.Api.Streaming.Generation;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AgentChat.Api.Streaming.Ownership;

/// <summary>
/// StopGenerating: cancels here when this replica owns the generation, otherwise publishes the
/// stop on Redis for the replica that does (<see cref="StopListener"/>). An answer whose owner is
/// dead is ended <c>stopped</c> right here, from its log. Stopping an answer that already ended
/// does nothing.
/// </summary>
public sealed class StopRequests(
    ConversationAccess access,
    GenerationRegistry registry,
    GenerationLeases leases,
    OrphanedAnswers orphans,
    IConnectionMultiplexer redis,
    IOptions<StreamingOptions> options,
    TimeProvider time,
    ILogger<StopRequests> logger)
{
    public async Task StopAsync(string userId, string? messageId)
    {
        var message = await access.MessageAsync(messageId, userId);
        if (message.Role != MessageRole.Assistant)
        {
            throw new HubException("Only an agent's answer can be stopped.");
        }
        if (message.Status == MessageStatus.Streaming)
        {
            await StopAnswerAsync(message);
        }
    }

    /// <summary>Stops an answer the caller has checked belongs to the user and is streaming.</summary>
    public async Task StopAnswerAsync(ConversationAccess.OwnedMessage message)
    {
        if (registry.TryGet(message.Id, out var local))
        {
            local.Stop(StopReason.UserStop);
            return;
        }
        try
        {
            await new IdChannel(redis, RedisKeys.StopChannel).PublishAsync(message.Id);
            var state = (await leases.StatesAsync([message.Id]))[0];
            var leaseless = state == LeaseState.None && time.GetUtcNow() - message.CreatedAt >= options.Value.LeaseDuration;
            if ((state == LeaseState.OwnerDead || leaseless) && await leases.TryClaimRecoveryAsync(message.Id))
            {
                var answer = new AnswerChunks(message.Id, message.ConversationId, message.AgentId ?? Guid.Empty);
                await orphans.FinishAsync(answer, message.Model, MessageStatus.Stopped);
                logger.LogInformation("Stopped {MessageId}, whose owner is gone, from its log", message.Id);
            }
        }
        catch (Exception e) when (e.IsRedisFault())
        {
            logger.LogWarning(e, "Could not stop {MessageId}", message.Id);
            throw new HubException("The server generating this answer could not be reached. Please try again.");
        }
    }
}
