using AgentChat.Api.Data;
using AgentChat.Contracts;

namespace AgentChat.Api.Streaming.Chunks;

/// <summary>
/// The wire identity of one answer, and the one place its <see cref="MessageChunk"/>s are built:
/// the next piece of text, the final chunk, or a chunk read back from the log.
/// </summary>
public readonly record struct AnswerChunks(Guid MessageId, Guid ConversationId, Guid AgentId)
{
    public MessageChunk Next(long sequence, string text) =>
        new(MessageId, ConversationId, AgentId, sequence, text, IsComplete: false, WireStatus.Streaming);

    /// <summary>The last chunk: its text is the safe error of a failed answer, otherwise empty.</summary>
    public MessageChunk Final(long sequence, MessageStatus status, string? error) =>
        new(MessageId, ConversationId, AgentId, sequence, error ?? "", IsComplete: true, status.ToWire());

    public MessageChunk FromLog(LoggedChunk logged) => logged.FinalStatus is { } status
        ? new(MessageId, ConversationId, AgentId, logged.Sequence, logged.Text, IsComplete: true, status)
        : Next(logged.Sequence, logged.Text);
}
