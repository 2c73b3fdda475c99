using AgentChat.Api.Data;
using AgentChat.Api.Streaming;
using AgentChat.Api.Streaming.Chunks;
using AgentChat.Api.Streaming.Ownership;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AgentChat.Api.Conversations;

/// <summary>
/// Deletes a conversation, but never out from under an answer still generating: its answers are
/// stopped first (on whichever replica runs them) and only once they have ended does the
/// conversation go. Otherwise a deleted answer would keep generating, uncounted by the per-user
/// limit and beyond anyone's reach to stop. Its answers' logs go first (<see cref="ChunkLog.ForgetAsync"/>),
/// so no replay outlives the conversation; if Redis cannot be told, nothing is deleted.
/// </summary>
public sealed class ConversationDeletion(ChatDbContext db, StopRequests stops, DeletedConversations deletions, ChunkLog log,
    IOptions<StreamingOptions> options, TimeProvider time, ILogger<ConversationDeletion> logger)
{
    public enum Outcome
    {
        Deleted,
        NotFound,
        StillGenerating,
        Unavailable
    }

    public async Task<Outcome> DeleteAsync(Guid conversationId, string userId, CancellationToken ct)
    {
        if (!await db.Conversations.AsNoTracking().OwnedBy(userId).AnyAsync(c => c.Id == conversationId, ct))
        {
            return Outcome.NotFound;
        }
        var generating = await StreamingAnswersAsync(conversationId, userId, ct);
        foreach (var answer in generating)
        {
            await stops.StopAnswerAsync(answer);
        }
        var deadline = time.GetUtcNow() + options.Value.StopOnDeleteTimeout;
        while (generating.Count > 0)
        {
            if (time.GetUtcNow() >= deadline)
            {
                return Outcome.StillGenerating;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, ct);
            generating = await StreamingAnswersAsync(conversationId, userId, ct);
        }
        var answers = await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == conversationId && m.Role == MessageRole.Assistant).Select(m => m.Id).ToListAsync(ct);
        try
        {
            await log.ForgetAsync(answers);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning("Could not forget the logs of {ConversationId}, so it was not deleted: {Error}", conversationId, e.GetType().Name);
            return Outcome.Unavailable;
        }
        var deleted = await db.Conversations.OwnedBy(userId).Where(c => c.Id == conversationId).ExecuteDeleteAsync(ct);
        if (deleted > 0)
        {
            await deletions.AnnounceAsync(conversationId);
        }
        return deleted == 0 ? Outcome.NotFound : Outcome.Deleted;
    }

    private Task<List<ConversationAccess.OwnedMessage>> StreamingAnswersAsync(Guid conversationId, string userId, CancellationToken ct) =>
        ConversationAccess.Owned(db.Messages.Where(m => m.ConversationId == conversationId && m.Status == MessageStatus.Streaming), userId)
            .ToListAsync(ct);
}
