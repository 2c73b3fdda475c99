namespace AgentChat.Contracts;

/// <summary>
/// What the hub sends (method <see cref="ChatHubMethods.MessageChunk"/>) for every piece of an
/// answer. <see cref="Sequence"/> counts 1, 2, 3 … per message with no gaps, and the last chunk
/// has <see cref="IsComplete"/> with a final <see cref="Status"/> (see <see cref="WireStatus"/>).
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
