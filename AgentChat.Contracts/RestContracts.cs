namespace AgentChat.Contracts;

// The REST API's JSON shapes (README "Using the API"), shared by the Api and its clients.

/// <summary>An entry of <c>GET /api/agents</c>.</summary>
public sealed record AgentSummary(Guid Id, string Name, string Description, string? Model);

/// <summary>The body of <c>POST /api/conversations</c>; ids travel as strings so a malformed one is a 400 naming it.</summary>
public sealed record CreateConversationRequest(string? AgentId, string? Title);

public sealed record ConversationSummary(Guid Id, Guid AgentId, string Title, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>
/// A message as the REST API shows it. For a message still streaming, <c>Content</c> is the text
/// so far and <c>LastSequence</c> the chunk it ends with, so a client resumes right after it.
/// An assistant message also shows its reasoning (and how long it thought before answering), its
/// tool calls and its token usage, each null when it has none.
/// </summary>
public sealed record MessageSnapshot(
    Guid Id,
    string Role,
    Guid? AgentId,
    string Content,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    int? TimeToFirstTokenMs,
    string? Model,
    string? Error,
    long LastSequence,
    string? Reasoning = null,
    int? ReasoningMs = null,
    IReadOnlyList<ToolActivity>? ToolCalls = null,
    TokenUsage? Usage = null);

/// <summary><c>GET /api/ai</c>: which model answers, and a plain notice when it is the demo.</summary>
public sealed record AiInfo(string Provider, string Model, bool IsDemo, string? Notice);
