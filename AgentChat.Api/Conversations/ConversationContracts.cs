namespace AgentChat.Api.Conversations;

public sealed record CreateConversationRequest(string? AgentId, string? Title);

public sealed record ConversationSummary(Guid Id, Guid AgentId, string Title, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>
/// A message as the REST API shows it. For a message still streaming, <c>Content</c> is the text
/// so far and <c>LastSequence</c> the chunk it ends with, so a client resumes right after it.
/// </summary>
public sealed record MessageView(
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
    long LastSequence);
