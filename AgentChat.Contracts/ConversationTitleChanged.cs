namespace AgentChat.Contracts;

/// <summary>
/// What the hub sends (method <see cref="ChatHubMethods.ConversationTitleChanged"/>) to every open
/// connection of a conversation's owner when its title changes: the provisional title from the
/// first message, a title the model suggested after the first answer, or a rename.
/// </summary>
public sealed record ConversationTitleChanged(Guid ConversationId, string Title);
