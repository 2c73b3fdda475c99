using AgentChat.Contracts;

namespace AgentChat.Api.Streaming.Chunks;

/// <summary>
/// One entry of a message's chunk log; <see cref="FinalStatus"/> is set on the last one only.
/// <see cref="Text"/> is the delta of a text or reasoning chunk (or a failed answer's error).
/// </summary>
public readonly record struct LoggedChunk(long Sequence, string Text, string? FinalStatus,
    string Kind = ChunkKind.Text, ToolActivity? Tool = null, TokenUsage? Usage = null);

/// <summary>
/// Everything a chunk log holds: the answer's text (the final chunk's text is not part of it: for
/// <c>failed</c> it is the error), its reasoning, tool calls (latest state of each) and usage, the
/// last sequence, and the final status and text once ended. <see cref="Whole"/> is false when the
/// log does not hold every sequence from 1 (Redis lost data).
/// </summary>
public sealed record LoggedMessage(string Content, long LastSequence, string? FinalStatus, string? FinalText,
    string Reasoning = "", IReadOnlyList<ToolActivity>? ToolCalls = null, TokenUsage? Usage = null, bool Whole = true);
