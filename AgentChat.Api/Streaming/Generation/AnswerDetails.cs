using AgentChat.Contracts;

namespace AgentChat.Api.Streaming.Generation;

/// <summary>
/// What an answer holds besides its text: the model's reasoning (and how long it reasoned before
/// the answer began), its tool calls in the order they started, and its token usage.
/// </summary>
public sealed record AnswerDetails(string Reasoning, int? ReasoningMs, IReadOnlyList<ToolActivity> ToolCalls, TokenUsage? Usage)
{
    public static readonly AnswerDetails None = new("", null, [], null);
}
