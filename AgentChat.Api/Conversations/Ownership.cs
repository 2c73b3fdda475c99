using AgentChat.Api.Data;

namespace AgentChat.Api.Conversations;

/// <summary>
/// The one ownership rule, shared by REST and the hub: a user sees only their own conversations
/// and the messages in them. Someone else's is "not found", exactly like one that does not exist.
/// </summary>
public static class Ownership
{
    public static IQueryable<Conversation> OwnedBy(this IQueryable<Conversation> conversations, string userId) =>
        conversations.Where(c => c.OwnerId == userId);

    public static IQueryable<ConversationMessage> OwnedBy(this IQueryable<ConversationMessage> messages, string userId) =>
        messages.Where(m => m.Conversation!.OwnerId == userId);
}
