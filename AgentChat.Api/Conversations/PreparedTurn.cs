using AgentChat.Contracts;
using Microsoft.Extensions.AI;

namespace AgentChat.Api.Conversations;

/// <summary>
/// A stored turn, ready to answer: the question and the answer-to-be are in PostgreSQL (the
/// answer as streaming), and <see cref="Prompt"/> is what the model gets.
/// </summary>
public sealed record PreparedTurn(
    SendMessageResult Result,
    Guid ConversationId,
    string UserId,
    string? Model,
    IReadOnlyList<ChatMessage> Prompt)
{
    public Guid AnswerId => Result.AssistantMessageId;
    public Guid AgentId => Result.AgentId;
}
