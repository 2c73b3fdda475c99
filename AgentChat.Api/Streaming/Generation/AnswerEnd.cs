using AgentChat.Api.Data;

namespace AgentChat.Api.Streaming.Generation;

/// <summary>How an answer ended: its text, final status, safe error, and the last sequence its chunks used.</summary>
public sealed record AnswerEnd(
    string Content,
    MessageStatus Status,
    string? Error,
    long LastSequence,
    int? TimeToFirstTokenMs = null,
    string? Model = null,
    AnswerDetails? Details = null);
