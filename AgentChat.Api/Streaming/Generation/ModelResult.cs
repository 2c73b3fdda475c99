using AgentChat.Api.Data;

namespace AgentChat.Api.Streaming.Generation;

/// <summary>
/// What the model produced before it finished, failed or was stopped. <see cref="TimeToFirstToken"/>
/// is the first answer text; <see cref="TimeToFirstOutput"/> the first thing the user could see
/// (reasoning, a tool call, or text).
/// </summary>
public sealed record ModelResult(string Content, MessageStatus Status, string? Error, TimeSpan? TimeToFirstToken, string? Model,
    AnswerDetails? Details = null, TimeSpan? TimeToFirstOutput = null);
