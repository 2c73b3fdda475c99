using System.Text.Json.Serialization;

namespace AgentChat.Contracts;

/// <summary>
/// Replayed chunks of one message in a compact form (protocol version 3, sent by
/// <see cref="ChatHubMethods.ResumeStreamCompact"/>): what every chunk of a message shares
/// (<c>type</c>, ids) once, then per chunk only what is its own. A replayed text chunk is
/// <c>{"sequence":5,"chunk":"word "}</c> on the wire instead of a whole <see cref="MessageChunk"/>
/// of about 250 bytes, so a long resume is a fifth of the bytes to send and parse.
/// <see cref="Expand"/> gives back exactly the <see cref="MessageChunk"/>s the batch stands for.
/// </summary>
public sealed record MessageChunkBatch(Guid MessageId, Guid ConversationId, Guid AgentId, IReadOnlyList<BatchedChunk> Chunks)
{
    /// <summary>The batch of <paramref name="chunks"/>, all of one message.</summary>
    /// <exception cref="ArgumentException">Empty, or chunks of more than one message.</exception>
    public static MessageChunkBatch Of(IReadOnlyList<MessageChunk> chunks)
    {
        if (chunks.Count == 0)
        {
            throw new ArgumentException("A batch is never empty.", nameof(chunks));
        }
        var first = chunks[0];
        var compact = new BatchedChunk[chunks.Count];
        for (var i = 0; i < compact.Length; i++)
        {
            var chunk = chunks[i];
            if (chunk.MessageId != first.MessageId || chunk.ConversationId != first.ConversationId || chunk.AgentId != first.AgentId)
            {
                throw new ArgumentException("A batch holds chunks of one message only.", nameof(chunks));
            }
            compact[i] = new BatchedChunk(chunk.Sequence,
                chunk.Chunk.Length == 0 ? null : chunk.Chunk,
                chunk.IsComplete,
                chunk.Status == WireStatus.Streaming ? null : chunk.Status,
                chunk.Kind == ChunkKind.Text ? null : chunk.Kind,
                chunk.Reasoning, chunk.Tool, chunk.Usage);
        }
        return new MessageChunkBatch(first.MessageId, first.ConversationId, first.AgentId, compact);
    }

    /// <summary>The chunks this batch stands for, in its order, each as a <see cref="ChatHubMethods.MessageChunk"/> call would carry it.</summary>
    public MessageChunk[] Expand()
    {
        var chunks = new MessageChunk[Chunks.Count];
        for (var i = 0; i < chunks.Length; i++)
        {
            var chunk = Chunks[i];
            chunks[i] = new MessageChunk(MessageId, ConversationId, AgentId, chunk.Sequence, chunk.Chunk ?? "",
                chunk.IsComplete, chunk.Status ?? WireStatus.Streaming, chunk.Kind ?? ChunkKind.Text,
                chunk.Reasoning, chunk.Tool, chunk.Usage);
        }
        return chunks;
    }
}

/// <summary>
/// One chunk of a <see cref="MessageChunkBatch"/>: a <see cref="MessageChunk"/>'s own properties,
/// each left out while it has its usual value (<c>chunk</c> "", <c>isComplete</c> false,
/// <c>status</c> <c>streaming</c>, <c>kind</c> <c>text</c>, the rest null).
/// </summary>
public sealed record BatchedChunk(
    long Sequence,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Chunk = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool IsComplete = false,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Status = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Kind = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reasoning = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ToolActivity? Tool = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TokenUsage? Usage = null)
{
    /// <summary>
    /// For deserializers: with a parameterless constructor System.Text.Json sets the properties
    /// instead of gathering constructor arguments, which reads a 2,000-chunk batch in about 0.75
    /// instead of 1.2 ms (a resume's last chunk waits for every batch before it to be read).
    /// </summary>
    public BatchedChunk() : this(0)
    {
    }
}
