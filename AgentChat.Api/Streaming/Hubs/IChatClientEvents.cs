using AgentChat.Contracts;
namespace AgentChat.Api.Streaming.Hubs;

/// <summary>What the server calls on connected clients.</summary>
public interface IChatClientEvents
{
    Task MessageChunk(MessageChunk chunk);

    /// <summary>
    /// Replayed chunks of one message, contiguous and in sequence order (ResumeStreamBatched): one
    /// message and one flush per batch instead of per chunk. Live chunks always come one by one.
    /// </summary>
    Task MessageChunks(IReadOnlyList<MessageChunk> chunks);

    /// <summary>The same batches in the compact form of protocol version 3 (ResumeStreamCompact).</summary>
    Task MessageChunkBatch(MessageChunkBatch batch);

    // The rest go to every connection of the conversation's owner (all tabs, any replica), through
    // Conversations/ConversationNotices, so a list or a conversation open anywhere stays true.

    Task ConversationTitleChanged(ConversationTitleChanged title);

    Task ConversationCreated(ConversationSummary conversation);

    Task ConversationDeleted(ConversationDeleted deleted);

    Task LastTurnRetracted(LastTurnRetracted retracted);
}
