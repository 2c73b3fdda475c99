using AgentChat.Api.Common;
using AgentChat.Api.Data;
using AgentChat.Api.Streaming;
using AgentChat.Api.Streaming.Chunks;
using AgentChat.Api.Streaming.Ownership;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AgentChat.Api.Conversations;

/// <summary>
/// Deletes a conversation, but never out from under an answer still generating: its answers are
/// stopped first (on whichever replica runs them) and only once they have ended does the
/// conversation go. Otherwise a deleted answer would keep generating, uncounted by the per-user
/// limit and beyond anyone's reach to stop. The delete itself holds the user's lock, the one a
/// turn takes to store its answer-to-be (<see cref="TurnStore"/>), and looks again under it, so a
/// turn cannot start an answer between that last look and the delete. Its answers' logs go first
/// (<see cref="ChunkLog.ForgetAsync"/>), so no replay outlives the conversation; if Redis cannot
/// be told, nothing is deleted.
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
        var deadline = time.GetUtcNow() + options.Value.StopOnDeleteTimeout;
        while (true)
        {
            if (await DeleteUnlessAnsweringAsync(conversationId, userId, ct) is { } outcome)
            {
                if (outcome == Outcome.Deleted)
                {
                    await deletions.AnnounceAsync(conversationId);
                }
                return outcome;
            }
            // Again on every look: an answer whose turn has just stored it may not have started
            // on its replica yet, and a stop that comes before it starts finds nothing to cancel.
            foreach (var answer in await StreamingAnswersAsync(conversationId, userId, ct))
            {
                await stops.StopAnswerAsync(answer);
            }
            if (time.GetUtcNow() >= deadline)
            {
                return Outcome.StillGenerating;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, ct);
        }
    }

    /// <summary>Deletes the conversation under the user's lock, or returns null if it has an answer generating after all.</summary>
    private async Task<Outcome?> DeleteUnlessAnsweringAsync(Guid conversationId, string userId, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtext({userId}))", ct);
            var answers = await db.Messages.AsNoTracking()
                .Where(m => m.ConversationId == conversationId && m.Role == MessageRole.Assistant)
                .Select(m => new { m.Id, m.Status }).ToListAsync(ct);
            if (answers.Any(a => a.Status == MessageStatus.Streaming))
            {
                return (Outcome?)null;
            }
            try
            {
                await log.ForgetAsync(answers.Select(a => a.Id).ToList());
            }
            catch (Exception e) when (e.IsRedisFault())
            {
                logger.LogWarning("Could not forget the logs of {ConversationId}, so it was not deleted: {Error}", conversationId, e.GetType().Name);
                return Outcome.Unavailable;
            }
            var deleted = await db.Conversations.OwnedBy(userId).Where(c => c.Id == conversationId).ExecuteDeleteAsync(ct);
            await transaction.CommitAsync(ct);
            return deleted == 0 ? Outcome.NotFound : Outcome.Deleted;
        });
    }

    private Task<List<ConversationAccess.OwnedMessage>> StreamingAnswersAsync(Guid conversationId, string userId, CancellationToken ct) =>
        ConversationAccess.Owned(db.Messages.Where(m => m.ConversationId == conversationId && m.Status == MessageStatus.Streaming), userId)
            .ToListAsync(ct);
}
