using System.Security.Claims;
using AgentChat.Api.Common;
using AgentChat.Api.Data;
using AgentChat.Api.Streaming;
using AgentChat.Api.Streaming.Chunks;
using AgentChat.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AgentChat.Api.Conversations;

/// <summary>Renaming a conversation, and taking back its last question to edit or regenerate it.</summary>
public static class ConversationEditsApi
{
    public static async Task<Results<Ok<ConversationSummary>, NotFound, ValidationProblem>> RenameAsync(
        string id, RenameConversationRequest request, ClaimsPrincipal user, ChatDbContext db,
        ConversationNotices notices, CancellationToken ct)
    {
        if (!Validation.TryParseId(id, out var conversationId))
        {
            return Validation.Invalid("id", "must be a conversation id");
        }
        var error = Validation.CheckText(request.Title, Conversation.TitleMaxLength, required: true, out var title);
        if (error is not null)
        {
            return Validation.Invalid("title", error);
        }
        var userId = user.UserId();
        var conversation = await db.Conversations.FirstOrDefaultAsync(c => c.Id == conversationId && c.OwnerId == userId, ct);
        if (conversation is null)
        {
            return TypedResults.NotFound();
        }
        conversation.Title = title!;
        await db.SaveChangesAsync(ct);
        await notices.TitleChangedAsync(userId, conversation.Id, conversation.Title);
        return TypedResults.Ok(new ConversationSummary(conversation.Id, conversation.AgentId, conversation.Title,
            conversation.CreatedAt, conversation.UpdatedAt));
    }

    /// <summary>
    /// Deletes the last question and its answer, so that the edited (or same) question sent next is
    /// answered with exactly the history before it. Refused while that answer is generating. Takes
    /// the same per-user lock as a new turn, so the two cannot interleave on any replica. The
    /// answer's log goes first (<see cref="ChunkLog.ForgetAsync"/>), so no replay outlives it; if
    /// Redis cannot be told, nothing is deleted.
    /// </summary>
    public static async Task<Results<Ok<RetractedTurn>, NotFound, ProblemHttpResult, ValidationProblem>> RetractLastTurnAsync(
        string id, ClaimsPrincipal user, ChatDbContext db, ChunkLog log, ConversationNotices notices, CancellationToken ct)
    {
        if (!Validation.TryParseId(id, out var conversationId))
        {
            return Validation.Invalid("id", "must be a conversation id");
        }
        var userId = user.UserId();
        var strategy = db.Database.CreateExecutionStrategy();
        var result = await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtext({userId}))", ct);
            if (!await db.Conversations.AsNoTracking().OwnedBy(userId).AnyAsync(c => c.Id == conversationId, ct))
            {
                return (Results<Ok<RetractedTurn>, NotFound, ProblemHttpResult, ValidationProblem>)TypedResults.NotFound();
            }
            var last = await db.Messages.Where(m => m.ConversationId == conversationId)
                .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Take(2).ToListAsync(ct);
            if (last is not [{ Role: MessageRole.Assistant } answer, { Role: MessageRole.User } question])
            {
                return TypedResults.NotFound();
            }
            if (answer.Status == MessageStatus.Streaming)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                    title: "The answer is still being generated. Stop it first.");
            }
            try
            {
                await log.ForgetAsync([answer.Id]);
            }
            catch (Exception e) when (e.IsRedisFault())
            {
                return Validation.Unavailable("Nothing was changed.");
            }
            db.Messages.RemoveRange(answer, question);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return TypedResults.Ok(new RetractedTurn(question.Id, answer.Id, question.Content));
        });
        if (result.Result is Ok<RetractedTurn> { Value: { } retracted })
        {
            await notices.LastTurnRetractedAsync(userId, conversationId, retracted.QuestionId, retracted.AnswerId);
        }
        return result;
    }
}
