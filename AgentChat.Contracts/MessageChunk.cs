using System.Text.Json.Serialization;

namespace AgentChat.Contracts;

/// <summary>
/// What the hub sends (method <see cref="ChatHubMethods.MessageChunk"/>) for every piece of an
/// answer. <see cref="Sequence"/> counts 1, 2, 3 … per message with no gaps, and the last chunk
/// has <see cref="IsComplete"/> with a final <see cref="Status"/> (see <see cref="WireStatus"/>).
/// Since protocol version 2, <see cref="Kind"/> says what a chunk carries (<see cref="ChunkKind"/>);
/// the properties after <see cref="Status"/> are optional, so version-1 clients keep working.
/// <see cref="Reasoning"/>, <see cref="Tool"/> and <see cref="Usage"/> are left out of the JSON
/// while null (every chunk but one of their kind), so a text chunk carries only what it is.
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
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reasoning = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ToolActivity? Tool = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TokenUsage? Usage = null)
{
    public const string TypeName = "MESSAGE_CHUNK";

    /// <summary>
    /// For deserializers: with a parameterless constructor System.Text.Json sets the properties
    /// instead of gathering constructor arguments, which makes reading a chunk about a quarter
    /// cheaper for every client. A property the JSON lacks keeps the value given here.
    /// </summary>
    public MessageChunk() : this(Guid.Empty, Guid.Empty, Guid.Empty, 0, "", false, WireStatus.Streaming)
    {
    }

    public string Type => TypeName;
}
