namespace AgentChat.Contracts;

/// <summary>
/// What the hub sends (method <see cref="ChatHubMethods.ConversationDeleted"/>) to every open
/// connection of the owner when a conversation is deleted, from any tab or client.
/// </summary>
public sealed record ConversationDeleted(Guid ConversationId);

/// <summary>
/// What the hub sends (method <see cref="ChatHubMethods.LastTurnRetracted"/>) to every open
/// connection of the owner when a conversation's last question and answer were taken back to be
/// edited or regenerated (<c>DELETE /api/conversations/{id}/last-turn</c>): a tab showing the
/// conversation drops both messages, so every tab shows what is kept.
/// </summary>
public sealed record LastTurnRetracted(Guid ConversationId, Guid QuestionId, Guid AnswerId);
