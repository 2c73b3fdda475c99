namespace AgentChat.Contracts;

/// <summary>The body of <c>PATCH /api/conversations/{id}</c>.</summary>
public sealed record RenameConversationRequest(string? Title);

/// <summary>
/// What <c>DELETE /api/conversations/{id}/last-turn</c> removed: the last question and its answer.
/// A client edits or regenerates by sending <see cref="Question"/> (or its edit) again.
/// </summary>
public sealed record RetractedTurn(Guid QuestionId, Guid AnswerId, string Question);
