using AgentChat.Contracts;

namespace AgentChat.Api.Streaming.Generation;

/// <summary>
/// Something the model produced, as it left the model, stamped for the chunk latency metric:
/// a piece of answer text or reasoning (<see cref="Kind"/> <see cref="ChunkKind.Text"/> or
/// <see cref="ChunkKind.Reasoning"/>), a tool call's start or end, or token usage.
/// </summary>
public readonly record struct TokenArrival(string Text, long Timestamp, string Kind = ChunkKind.Text, ToolActivity? Tool = null, TokenUsage? Usage = null)
{
    /// <summary>Text and reasoning deltas merge with neighbours of their own kind; events never merge.</summary>
    public bool IsDelta => Kind is ChunkKind.Text or ChunkKind.Reasoning;
}
