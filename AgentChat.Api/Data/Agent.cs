namespace AgentChat.Api.Data;

/// <summary>An AI persona people chat with: a system prompt and, optionally, the model it prefers.</summary>
public sealed class Agent
{
    public const int NameMaxLength = 100;
    public const int DescriptionMaxLength = 500;
    public const int SystemPromptMaxLength = 8000;
    public const int ModelMaxLength = 200;

    public Guid Id { get; set; }
    public required string Name { get; set; }
    public required string Description { get; set; }
    public required string SystemPrompt { get; set; }

    /// <summary>Overrides the provider's configured model for this agent; null uses the default.</summary>
    public string? Model { get; set; }

    /// <summary>
    /// The tools the agent may call: built-in tool names and MCP server ids (see
    /// <c>Agents/Tools/</c>). Only admins set them.
    /// </summary>
    public List<string> Tools { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }
}
