namespace AgentChat.Web.Client.Api;

// The Api's JSON shapes as this client reads them (README "Using the API").

public sealed record AgentInfo(Guid Id, string Name, string Description, string? Model);

public sealed record ConversationInfo(Guid Id, Guid AgentId, string Title, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record MessageInfo(
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

public sealed record ModelNotice(string Provider, string Model, bool IsDemo, string? Notice);

public sealed record SignedInUser(string? Email, string[] Roles);

public sealed record Credentials(string Email, string Password);

public sealed record NewConversation(string AgentId, string? Title);
