using AgentChat.Api.Common;
using AgentChat.Api.Streaming.Hubs;
using AgentChat.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace AgentChat.Api.Conversations;

/// <summary>
/// Tells every open connection of a conversation's owner (all tabs, any replica, through the
/// backplane) what changed in their conversations: created, titled, deleted, last turn taken back.
/// Best effort: the change itself is already stored, so a notice Redis cannot carry is logged, not
/// thrown; a tab that missed it reads the truth from REST on its next load.
/// </summary>
public sealed class ConversationNotices(IHubContext<ChatHub, IChatClientEvents> hub, ILogger<ConversationNotices> logger)
{
    public Task CreatedAsync(string userId, ConversationSummary conversation) =>
        TellAsync(userId, conversation.Id, "created", owner => owner.ConversationCreated(conversation));

    public Task TitleChangedAsync(string userId, Guid conversationId, string title) =>
        TellAsync(userId, conversationId, "title", owner => owner.ConversationTitleChanged(new ConversationTitleChanged(conversationId, title)));

    public Task DeletedAsync(string userId, Guid conversationId) =>
        TellAsync(userId, conversationId, "deletion", owner => owner.ConversationDeleted(new ConversationDeleted(conversationId)));

    public Task LastTurnRetractedAsync(string userId, Guid conversationId, Guid questionId, Guid answerId) =>
        TellAsync(userId, conversationId, "retracted turn",
            owner => owner.LastTurnRetracted(new LastTurnRetracted(conversationId, questionId, answerId)));

    private async Task TellAsync(string userId, Guid conversationId, string what, Func<IChatClientEvents, Task> send)
    {
        try
        {
            await send(hub.Clients.User(userId));
        }
        catch (Exception e) when (e.IsRedisFault() || e is InvalidOperationException)
        {
            logger.LogWarning("Could not tell the open tabs of the {What} of conversation {ConversationId}: {Error}", what, conversationId, e.GetType().Name);
        }
    }
}
