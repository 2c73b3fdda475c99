using AgentChat.Api.Data;

namespace AgentChat.Api.Streaming.Generation;

/// <summary>An answer's details as the message row stores them: tool calls as JSON, usage as three counts.</summary>
public sealed record StoredDetails(string? Reasoning, int? ReasoningMs, string? ToolCallsJson, long? InputTokens, long? OutputTokens, long? TotalTokens)
{
    public static StoredDetails From(AnswerDetails? details) => details is null
        ? new(null, null, null, null, null, null)
        : new(details.Reasoning.Length == 0 ? null : details.Reasoning, details.ReasoningMs, Data.ToolCallsJson.Write(details.ToolCalls),
            details.Usage?.InputTokens, details.Usage?.OutputTokens, details.Usage?.TotalTokens);
}
