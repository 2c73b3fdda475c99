using Microsoft.Extensions.AI;

namespace AgentChat.Api.Agents.Tools;

/// <summary>Who a tool call acts for: the user who owns the generation and their conversation, never anything the model says.</summary>
public sealed record ToolScope(string UserId, Guid ConversationId);

/// <summary>
/// A tool an admin can give an agent by <see cref="Name"/>. <see cref="Create"/> makes the function
/// for one generation, bound to its <see cref="ToolScope"/>. Registered in DI, one per tool.
/// </summary>
public sealed record BuiltInTool(string Name, Func<ToolScope, AIFunction> Create);
