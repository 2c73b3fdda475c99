namespace AgentChat.Contracts;

/// <summary>
/// The wire names of what a <see cref="MessageChunk"/> carries (<see cref="MessageChunk.Kind"/>).
/// Only <see cref="Text"/> chunks add to the answer's text; the others carry their payload in
/// their own property and an empty <see cref="MessageChunk.Chunk"/>, so a client that ignores
/// the kind still shows a correct answer.
/// </summary>
public static class ChunkKind
{
    /// <summary>A piece of the answer: <see cref="MessageChunk.Chunk"/> is the delta.</summary>
    public const string Text = "text";

    /// <summary>A piece of the model's thinking: <see cref="MessageChunk.Reasoning"/> is the delta.</summary>
    public const string Reasoning = "reasoning";

    /// <summary>A tool call starts: <see cref="MessageChunk.Tool"/> with status <c>running</c>.</summary>
    public const string ToolCall = "tool_call";

    /// <summary>A tool call ended: <see cref="MessageChunk.Tool"/> with status <c>completed</c> or <c>failed</c>.</summary>
    public const string ToolResult = "tool_result";

    /// <summary>Token counts so far: <see cref="MessageChunk.Usage"/>.</summary>
    public const string Usage = "usage";
}

/// <summary>The wire names of a tool call's status.</summary>
public static class ToolStatus
{
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
}

/// <summary>
/// A tool call as clients see it. <see cref="Arguments"/> is the call's JSON arguments;
/// <see cref="Result"/> is a bounded text (the tool's output, or a safe error when failed),
/// untrusted: render it as plain text. <see cref="DurationMs"/> is set once it ended.
/// </summary>
public sealed record ToolActivity(
    string CallId,
    string Name,
    string? Arguments,
    string Status,
    string? Result = null,
    int? DurationMs = null);

/// <summary>Token counts of an answer as the model reported them (all rounds of tool calls summed).</summary>
public sealed record TokenUsage(long? InputTokens, long? OutputTokens, long? TotalTokens);
