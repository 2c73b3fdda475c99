using AgentChat.Api.Data;
using AgentChat.Api.Streaming.Generation;
using AgentChat.Contracts;

namespace AgentChat.Api.Streaming.Chunks;

/// <summary>
/// The wire identity of one answer, and the one place its <see cref="MessageChunk"/>s are built:
/// the next piece of text or reasoning, a tool or usage event, the final chunk, or a chunk read
/// back from the log. Only text goes in <see cref="MessageChunk.Chunk"/>: a client that ignores
/// <see cref="MessageChunk.Kind"/> still shows the right answer.
/// </summary>
public readonly record struct AnswerChunks(Guid MessageId, Guid ConversationId, Guid AgentId)
{
    public MessageChunk Next(long sequence, string text) =>
        new(MessageId, ConversationId, AgentId, sequence, text, IsComplete: false, WireStatus.Streaming);

    public MessageChunk Delta(long sequence, string kind, string text) => kind == ChunkKind.Reasoning
        ? Next(sequence, "") with { Kind = ChunkKind.Reasoning, Reasoning = text }
        : Next(sequence, text);

    public MessageChunk Event(long sequence, TokenArrival arrival) =>
        Next(sequence, "") with { Kind = arrival.Kind, Tool = arrival.Tool, Usage = arrival.Usage };

    /// <summary>The last chunk: its text is the safe error of a failed answer, otherwise empty.</summary>
    public MessageChunk Final(long sequence, MessageStatus status, string? error) =>
        new(MessageId, ConversationId, AgentId, sequence, error ?? "", IsComplete: true, status.ToWire());

    public MessageChunk FromLog(LoggedChunk logged) => logged.FinalStatus is { } status
        ? new(MessageId, ConversationId, AgentId, logged.Sequence, logged.Text, IsComplete: true, status)
        : logged.Kind switch
        {
            ChunkKind.Text => Next(logged.Sequence, logged.Text),
            ChunkKind.Reasoning => Delta(logged.Sequence, ChunkKind.Reasoning, logged.Text),
            _ => Next(logged.Sequence, "") with { Kind = logged.Kind, Tool = logged.Tool, Usage = logged.Usage }
        };
}
