namespace AgentChat.Web.Client.Chat;

/// <summary>The hub's <c>MessageChunk</c> event (docs/streaming-protocol.md); sequences count 1, 2, 3 … per message.</summary>
public sealed record MessageChunk(
    Guid MessageId,
    Guid ConversationId,
    Guid AgentId,
    long Sequence,
    string Chunk,
    bool IsComplete,
    string Status);
