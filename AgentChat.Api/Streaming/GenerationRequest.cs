using Microsoft.Extensions.AI;

namespace AgentChat.Api.Streaming;

/// <summary>Everything a generation needs, gathered by the hub's request before it starts.</summary>
public sealed record GenerationRequest(
    ActiveGeneration Generation,
    IReadOnlyList<ChatMessage> Prompt,
    string? Model,
    long RequestedAtTimestamp);
