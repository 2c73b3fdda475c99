namespace AgentChat.Api.Streaming;

/// <summary>
/// What the hub sends (method <c>MessageChunk</c>) for every piece of an answer. See
/// docs/streaming-protocol.md: <see cref="Sequence"/> counts 1, 2, 3 … per message with no gaps,
/// and the last chunk has <see cref="IsComplete"/> with a final <see cref="Status"/>.
/// </summary>
public sealed record MessageChunk(
    Guid MessageId,
    Guid ConversationId,
    Guid AgentId,
    long Sequence,
    string Chunk,
    bool IsComplete,
    string Status)
{
    public const string TypeName = "MESSAGE_CHUNK";

    public string Type => TypeName;
}
