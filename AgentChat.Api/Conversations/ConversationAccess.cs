using AgentChat.Api.Common;
using AgentChat.Api.Data;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace AgentChat.Api.Conversations;

/// <summary>
/// Checks every id a hub client sends against the caller (<see cref="Ownership"/>), turning a
/// malformed or foreign id into a safe <see cref="HubException"/>.
/// </summary>
public sealed class ConversationAccess(ChatDbContext db, ConversationOwners owners)
{
    public sealed record OwnedMessage(Guid Id, Guid ConversationId, Guid? AgentId, MessageRole Role, MessageStatus Status,
        DateTimeOffset CreatedAt, string? Model);

    /// <summary>The owned messages among <paramref name="messages"/>, as the hub and deletion need them (one projection).</summary>
    public static IQueryable<OwnedMessage> Owned(IQueryable<ConversationMessage> messages, string userId) =>
        messages.AsNoTracking().OwnedBy(userId)
            .Select(m => new OwnedMessage(m.Id, m.ConversationId, m.AgentId, m.Role, m.Status, m.CreatedAt, m.Model));

    public static Guid ParseId(string? raw, string field) =>
        Validation.TryParseId(raw, out var id) ? id : throw new HubException($"{field} must be an id.");

    public async Task<Guid> ConversationIdAsync(string? rawId, string userId, CancellationToken ct = default)
    {
        var id = ParseId(rawId, "conversationId");
        if (owners.IsKnownOwner(id, userId))
        {
            return id;
        }
        if (!await db.Conversations.AsNoTracking().OwnedBy(userId).AnyAsync(c => c.Id == id, ct))
        {
            throw new HubException("Conversation not found.");
        }
        owners.Remember(id, userId);
        return id;
    }

    public Task<OwnedMessage> MessageAsync(string? rawId, string userId, CancellationToken ct = default) =>
        MessageAsync(ParseId(rawId, "messageId"), userId, ct);

    public async Task<OwnedMessage> MessageAsync(Guid id, string userId, CancellationToken ct = default)
    {
        return await Owned(db.Messages.Where(m => m.Id == id), userId)
                   .FirstOrDefaultAsync(ct)
               ?? throw new HubException("Message not found.");
    }
}
