using System.Security.Claims;
using AgentChat.Api.Common;
using AgentChat.Api.Data;
using AgentChat.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AgentChat.Api.Conversations;

public static class ConversationsApi
{
    public static IEndpointRouteBuilder MapConversationsApi(this IEndpointRouteBuilder app)
    {
        var conversations = app.MapGroup("/api/conversations").WithTags("Conversations").RequireAuthorization();
        conversations.MapGet("/", ListConversations);
        conversations.MapPost("/", CreateConversation);
        conversations.MapGet("/{id}", GetConversation);
        conversations.MapGet("/{id}/messages", ListMessages);
        conversations.MapDelete("/{id}", DeleteConversation);
        conversations.MapPatch("/{id}", ConversationEditsApi.RenameAsync);
        conversations.MapDelete("/{id}/last-turn", ConversationEditsApi.RetractLastTurnAsync);
        return app;
    }

    private static async Task<Ok<ConversationSummary[]>> ListConversations(ClaimsPrincipal user, ChatDbContext db, CancellationToken ct)
    {
        var userId = user.UserId();
        var list = await db.Conversations.AsNoTracking()
            .OwnedBy(userId)
            .OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id)
            .Select(c => new ConversationSummary(c.Id, c.AgentId, c.Title, c.CreatedAt, c.UpdatedAt))
            .ToArrayAsync(ct);
        return TypedResults.Ok(list);
    }

    private static async Task<Results<Created<ConversationSummary>, ValidationProblem>> CreateConversation(
        CreateConversationRequest request, ClaimsPrincipal user, ChatDbContext db, ConversationNotices notices,
        ConversationOwners owners, TimeProvider time, CancellationToken ct)
    {
        if (!Validation.TryParseId(request.AgentId, out var agentId))
        {
            return Validation.Invalid("agentId", "must be the id of an agent");
        }
        var titleError = Validation.CheckText(request.Title, Conversation.TitleMaxLength, required: false, out var title);
        if (titleError is not null)
        {
            return Validation.Invalid("title", titleError);
        }
        var agent = await db.Agents.AsNoTracking().FirstOrDefaultAsync(a => a.Id == agentId, ct);
        if (agent is null)
        {
            return Validation.Invalid("agentId", "no agent has this id");
        }

        var now = time.GetUtcNow();
        var conversation = new Conversation
        {
            Id = Guid.CreateVersion7(now),
            OwnerId = user.UserId(),
            AgentId = agent.Id,
            Title = title ?? ConversationTitles.DefaultFor(agent.Name),
            CreatedAt = now,
            UpdatedAt = now
        };
        db.Conversations.Add(conversation);
        await db.SaveChangesAsync(ct);
        owners.Remember(conversation.Id, conversation.OwnerId);
        var summary = ToSummary(conversation);
        await notices.CreatedAsync(conversation.OwnerId, summary);
        return TypedResults.Created($"/api/conversations/{conversation.Id}", summary);
    }

    private static async Task<Results<Ok<ConversationSummary>, NotFound, ValidationProblem>> GetConversation(
        string id, ClaimsPrincipal user, ChatDbContext db, CancellationToken ct)
    {
        if (!Validation.TryParseId(id, out var conversationId))
        {
            return Validation.Invalid("id", "must be a conversation id");
        }
        var conversation = await db.Conversations.AsNoTracking().OwnedBy(user.UserId()).FirstOrDefaultAsync(c => c.Id == conversationId, ct);
        return conversation is null ? TypedResults.NotFound() : TypedResults.Ok(ToSummary(conversation));
    }

    private static async Task<Results<Ok<MessageSnapshot[]>, NotFound, ValidationProblem>> ListMessages(
        string id, ClaimsPrincipal user, ChatDbContext db, MessageViews views, CancellationToken ct)
    {
        if (!Validation.TryParseId(id, out var conversationId))
        {
            return Validation.Invalid("id", "must be a conversation id");
        }
        if (!await db.Conversations.AsNoTracking().OwnedBy(user.UserId()).AnyAsync(c => c.Id == conversationId, ct))
        {
            return TypedResults.NotFound();
        }
        var messages = await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == conversationId)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .ToListAsync(ct);
        return TypedResults.Ok(await views.ToViewsAsync(messages, ct));
    }

    private static async Task<Results<NoContent, NotFound, ValidationProblem, ProblemHttpResult>> DeleteConversation(
        string id, ClaimsPrincipal user, ConversationDeletion deletion, ConversationNotices notices, CancellationToken ct)
    {
        if (!Validation.TryParseId(id, out var conversationId))
        {
            return Validation.Invalid("id", "must be a conversation id");
        }
        var outcome = await deletion.DeleteAsync(conversationId, user.UserId(), ct);
        if (outcome == ConversationDeletion.Outcome.Deleted)
        {
            await notices.DeletedAsync(user.UserId(), conversationId);
        }
        return outcome switch
        {
            ConversationDeletion.Outcome.Deleted => TypedResults.NoContent(),
            ConversationDeletion.Outcome.NotFound => TypedResults.NotFound(),
            ConversationDeletion.Outcome.Unavailable => Validation.Unavailable("Nothing was deleted."),
            _ => TypedResults.Problem(title: "An answer is still generating",
                detail: "An answer in this conversation could not be stopped yet, so nothing was deleted. Please try again.",
                statusCode: StatusCodes.Status409Conflict)
        };
    }

    private static ConversationSummary ToSummary(Conversation c) => new(c.Id, c.AgentId, c.Title, c.CreatedAt, c.UpdatedAt);
}
