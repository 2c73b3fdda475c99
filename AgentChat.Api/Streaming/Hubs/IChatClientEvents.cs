using AgentChat.Contracts;
namespace AgentChat.Api.Streaming.Hubs;

/// <summary>What the server calls on connected clients.</summary>
public interface IChatClientEvents
{
    Task MessageChunk(MessageChunk chunk);

    // The rest go to every connection of the conversation's owner (all tabs, any replica), through
    // Conversations/ConversationNotices, so a list or a conversation open anywhere stays true.

    Task ConversationTitleChanged(ConversationTitleChanged title);

    Task ConversationCreated(ConversationSummary conversation);

    Task ConversationDeleted(ConversationDeleted deleted);

    Task LastTurnRetracted(LastTurnRetracted retracted);
}
