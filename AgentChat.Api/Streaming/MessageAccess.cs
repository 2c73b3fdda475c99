using AgentChat.Api.Data;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace AgentChat.Api.Streaming;

/// <summary>
/// Every id a client sends is checked here against the caller. Someone else's conversation or
/// message is "not found", exactly like one that does not exist.
/// </summary>
public sealed class MessageAccess(ChatDbContext db)
{
    public sealed record OwnedMessage(Guid Id, Guid ConversationId, Guid? AgentId, MessageRole Role, MessageStatus Status);

    public static Guid ParseId(string? raw, string field) =>
        Common.Validation.TryParseId(raw, out var id) ? id : throw new HubException($"{field} must be an id.");

    public async Task<Conversation> ConversationAsync(string? rawId, string userId, CancellationToken ct = default)
    {
        var id = ParseId(rawId, "conversationId");
        return await db.Conversations.AsNoTracking().Include(c => c.Agent)
                   .FirstOrDefaultAsync(c => c.Id == id && c.OwnerId == userId, ct)
               ?? throw new HubException("Conversation not found.");
    }

    public async Task<OwnedMessage> MessageAsync(string? rawId, string userId, CancellationToken ct = default)
    {
        var id = ParseId(rawId, "messageId");
        return await db.Messages.AsNoTracking()
                   .Where(m => m.Id == id && m.Conversation!.OwnerId == userId)
                   .Select(m => new OwnedMessage(m.Id, m.ConversationId, m.AgentId, m.Role, m.Status))
                   .FirstOrDefaultAsync(ct)
               ?? throw new HubException("Message not found.");
    }
}
