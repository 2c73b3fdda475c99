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
            .Where(c => c.OwnerId == userId)
            .OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id)
            .Select(c => new ConversationSummary(c.Id, c.AgentId, c.Title, c.CreatedAt, c.UpdatedAt))
            .ToArrayAsync(ct);
        return TypedResults.Ok(list);
    }

    private static async Task<Results<Created<ConversationSummary>, ValidationProblem>> CreateConversation(
        CreateConversationRequest request, ClaimsPrincipal user, ChatDbContext db, TimeProvider time, CancellationToken ct)
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
        return TypedResults.Created($"/api/conversations/{conversation.Id}", ToSummary(conversation));
    }

    private static async Task<Results<Ok<ConversationSummary>, NotFound, ValidationProblem>> GetConversation(
        string id, ClaimsPrincipal user, ChatDbContext db, CancellationToken ct)
    {
        if (!Validation.TryParseId(id, out var conversationId))
        {
            return Validation.Invalid("id", "must be a conversation id");
        }
        var conversation = await db.Conversations.AsNoTracking().FindOwnedAsync(conversationId, user.UserId(), ct);
        return conversation is null ? TypedResults.NotFound() : TypedResults.Ok(ToSummary(conversation));
    }

    private static async Task<Results<Ok<MessageSnapshot[]>, NotFound, ValidationProblem>> ListMessages(
        string id, ClaimsPrincipal user, ChatDbContext db, IMessageViewSource views, CancellationToken ct)
    {
        if (!Validation.TryParseId(id, out var conversationId))
        {
            return Validation.Invalid("id", "must be a conversation id");
        }
        if (await db.Conversations.AsNoTracking().FindOwnedAsync(conversationId, user.UserId(), ct) is null)
        {
            return TypedResults.NotFound();
        }
        var messages = await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == conversationId)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .ToListAsync(ct);
        return TypedResults.Ok(await views.ToViewsAsync(messages, ct));
    }

    private static async Task<Results<NoContent, NotFound, ValidationProblem>> DeleteConversation(
        string id, ClaimsPrincipal user, ChatDbContext db, CancellationToken ct)
    {
        if (!Validation.TryParseId(id, out var conversationId))
        {
            return Validation.Invalid("id", "must be a conversation id");
        }
        var userId = user.UserId();
        var deleted = await db.Conversations.Where(c => c.Id == conversationId && c.OwnerId == userId).ExecuteDeleteAsync(ct);
        return deleted == 0 ? TypedResults.NotFound() : TypedResults.NoContent();
    }

    private static ConversationSummary ToSummary(Conversation c) => new(c.Id, c.AgentId, c.Title, c.CreatedAt, c.UpdatedAt);

    /// <summary>Another user's conversation is indistinguishable from one that does not exist.</summary>
    public static Task<Conversation?> FindOwnedAsync(this IQueryable<Conversation> conversations, Guid id, string ownerId, CancellationToken ct) =>
        conversations.FirstOrDefaultAsync(c => c.Id == id && c.OwnerId == ownerId, ct);
}
