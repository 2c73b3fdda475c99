using Microsoft.Extensions.Caching.Memory;

namespace AgentChat.Api.Conversations;

/// <summary>
/// Who owns the conversations this replica has recently seen, learned only from PostgreSQL (the
/// turn's statement, a creation, an ownership check). A conversation never changes owner and its
/// id is never reused, so a remembered owner is never wrong; it only lets the turn subscribe its
/// sender while PostgreSQL stores the turn, and lets a join skip the database. A deleted
/// conversation is forgotten on every replica (<see cref="DeletedConversations"/>).
/// </summary>
public sealed class ConversationOwners : IDisposable
{
    private static readonly MemoryCacheEntryOptions Entry = new() { Size = 1, SlidingExpiration = TimeSpan.FromHours(1) };

    // Bounded: about 100 bytes an entry, so at most a few MB however many conversations pass by.
    private readonly MemoryCache _owners = new(new MemoryCacheOptions { SizeLimit = 50_000 });

    public bool IsKnownOwner(Guid conversationId, string userId) =>
        _owners.TryGetValue(conversationId, out string? owner) && owner == userId;

    /// <summary>Only with an owner PostgreSQL has just confirmed.</summary>
    public void Remember(Guid conversationId, string userId) => _owners.Set(conversationId, userId, Entry);

    /// <summary>Deleted: joins on this replica say "not found" again.</summary>
    public void Forget(Guid conversationId) => _owners.Remove(conversationId);

    public void Dispose() => _owners.Dispose();
}
