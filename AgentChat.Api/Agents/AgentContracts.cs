namespace AgentChat.Api.Agents;

public sealed record AgentDetails(Guid Id, string Name, string Description, string SystemPrompt, string? Model, DateTimeOffset CreatedAt,
    IReadOnlyList<string>? Tools = null);

/// <summary><see cref="Tools"/>: built-in tool names and MCP server ids; null leaves them unchanged on PUT and empty on POST.</summary>
public sealed record AgentRequest(string? Name, string? Description, string? SystemPrompt, string? Model, IReadOnlyList<string>? Tools = null);

public sealed record McpServerRequest(string? Name, string? Url);

public sealed record McpServerDetails(Guid Id, string Name, string Url, DateTimeOffset CreatedAt);
