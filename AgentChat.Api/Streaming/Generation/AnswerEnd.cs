using AgentChat.Api.Data;
using AgentChat.Api.Streaming.Chunks;
using AgentChat.Contracts;

namespace AgentChat.Api.Streaming.Generation;

/// <summary>How an answer ended: its text, final status, safe error, and the last sequence its chunks used.</summary>
public sealed record AnswerEnd(
    string Content,
    MessageStatus Status,
    string? Error,
    long LastSequence,
    int? TimeToFirstTokenMs = null,
    string? Model = null,
    AnswerDetails? Details = null)
{
    /// <summary>The chunk that ends the answer: its text is the safe error of a failed answer, otherwise empty.</summary>
    public MessageChunk FinalChunk(AnswerChunks answer) => answer.Final(LastSequence + 1, Status, Error);
}
