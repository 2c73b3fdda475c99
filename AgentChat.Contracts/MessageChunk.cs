namespace AgentChat.Contracts;

/// <summary>
/// What the hub sends (method <see cref="ChatHubMethods.MessageChunk"/>) for every piece of an
/// answer. <see cref="Sequence"/> counts 1, 2, 3 … per message with no gaps, and the last chunk
/// has <see cref="IsComplete"/> with a final <see cref="Status"/> (see <see cref="WireStatus"/>).
/// Since protocol version 2, <see cref="Kind"/> says what a chunk carries (<see cref="ChunkKind"/>);
/// the properties after <see cref="Status"/> are optional, so version-1 clients keep working.
/// </summary>
public sealed record MessageChunk(
    Guid MessageId,
    Guid ConversationId,
    Guid AgentId,
    long Sequence,
    string Chunk,
    bool IsComplete,
    string Status,
    string Kind = ChunkKind.Text,
    string? Reasoning = null,
    ToolActivity? Tool = null,
    TokenUsage? Usage = null)
{
    public const string TypeName = "MESSAGE_CHUNK";

    public string Type => TypeName;
}
