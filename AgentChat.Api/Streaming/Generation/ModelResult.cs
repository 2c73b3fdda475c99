using AgentChat.Api.Data;

namespace AgentChat.Api.Streaming.Generation;

/// <summary>What the model produced before it finished, failed or was stopped.</summary>
public sealed record ModelResult(string Content, MessageStatus Status, string? Error, TimeSpan? TimeToFirstToken, string? Model);
