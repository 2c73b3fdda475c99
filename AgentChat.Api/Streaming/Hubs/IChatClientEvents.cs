using AgentChat.Contracts;
namespace AgentChat.Api.Streaming.Hubs;

/// <summary>What the server calls on connected clients.</summary>
public interface IChatClientEvents
{
    Task MessageChunk(MessageChunk chunk);

    /// <summary>Sent to every connection of the conversation's owner (all tabs, any replica).</summary>
    Task ConversationTitleChanged(ConversationTitleChanged title);
}
