namespace AgentChat.Api.Agents;

public sealed record AgentDetails(Guid Id, string Name, string Description, string SystemPrompt, string? Model, DateTimeOffset CreatedAt);

public sealed record AgentRequest(string? Name, string? Description, string? SystemPrompt, string? Model);
