using AgentChat.Contracts;
using Microsoft.Extensions.AI;

namespace AgentChat.Api.Conversations;

/// <summary>
/// A stored turn, ready to answer: the question and the answer-to-be are in PostgreSQL (the
/// answer as streaming), and <see cref="Prompt"/> is what the model gets.
/// <see cref="ProvisionalTitle"/> is set when this was the conversation's first message and gave it its title.
/// </summary>
public sealed record PreparedTurn(
    SendMessageResult Result,
    Guid ConversationId,
    string UserId,
    string? Model,
    IReadOnlyList<ChatMessage> Prompt,
    IReadOnlyList<string>? Tools = null,
    string? ProvisionalTitle = null)
{
    /// <summary>The agent's tools: built-in names and MCP server ids.</summary>
    public IReadOnlyList<string> AgentTools => Tools ?? [];

    public Guid AnswerId => Result.AssistantMessageId;
    public Guid AgentId => Result.AgentId;
}
