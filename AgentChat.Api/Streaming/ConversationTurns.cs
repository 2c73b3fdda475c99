using AgentChat.Api.Ai;
using AgentChat.Api.Data;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AiChatRole = Microsoft.Extensions.AI.ChatRole;

namespace AgentChat.Api.Streaming;

/// <summary>
/// A user's turn: checks the message, stores it with the agent's answer-to-be (status
/// streaming) in one transaction that also enforces the per-user limit, and builds the prompt.
/// </summary>
public sealed class ConversationTurns(
    ChatDbContext db,
    MessageAccess access,
    ModelInfo models,
    IOptions<StreamingOptions> options,
    TimeProvider time)
{
    /// <summary>How much history goes to the model with each new question.</summary>
    private const int HistoryMessages = 40;

    public sealed record PreparedTurn(SendMessageResult Result, Guid ConversationId, string? Model, IReadOnlyList<AiChatMessage> Prompt);

    public async Task<PreparedTurn> PrepareAsync(string userId, string? conversationId, string? content)
    {
        var text = CheckContent(content);
        var conversation = await access.ConversationAsync(conversationId, userId);
        var agent = conversation.Agent!;
        var history = await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == conversation.Id && m.Content != "" && m.Status != MessageStatus.Failed && m.Status != MessageStatus.Streaming)
            .OrderByDescending(m => m.CreatedAt).Take(HistoryMessages)
            .Select(m => new { m.Role, m.Content })
            .ToListAsync();

        var now = time.GetUtcNow();
        var model = models.ModelFor(agent.Model);
        var question = new ConversationMessage
        {
            Id = Guid.CreateVersion7(now), ConversationId = conversation.Id, Role = MessageRole.User,
            Content = text, Status = MessageStatus.Complete, CreatedAt = now, CompletedAt = now
        };
        var answer = new ConversationMessage
        {
            Id = Guid.CreateVersion7(now), ConversationId = conversation.Id, Role = MessageRole.Assistant,
            AgentId = agent.Id, Status = MessageStatus.Streaming, Model = model,
            CreatedAt = now.AddTicks(10) // sorts after the question it answers
        };
        await StoreWithinLimitAsync(userId, conversation.Id, question, answer, now);

        var prompt = new List<AiChatMessage> { new(AiChatRole.System, agent.SystemPrompt) };
        prompt.AddRange(history.AsEnumerable().Reverse().Select(m =>
            new AiChatMessage(m.Role == MessageRole.User ? AiChatRole.User : AiChatRole.Assistant, m.Content)));
        prompt.Add(new AiChatMessage(AiChatRole.User, text));

        return new PreparedTurn(new SendMessageResult(question.Id, answer.Id, agent.Id), conversation.Id,
            models.IsDemo ? null : model, prompt);
    }

    private string CheckContent(string? content)
    {
        var max = options.Value.MaxContentLength;
        if (string.IsNullOrWhiteSpace(content))
        {
            throw new HubException("Message content must not be empty.");
        }
        if (content.Length > max)
        {
            throw new HubException($"Message content must be at most {max:N0} characters; this one has {content.Length:N0}.");
        }
        return content;
    }

    /// <summary>
    /// A PostgreSQL advisory lock per user serialises the count-then-insert across every replica,
    /// so a burst of sends cannot slip past the limit.
    /// </summary>
    private async Task StoreWithinLimitAsync(string userId, Guid conversationId, ConversationMessage question, ConversationMessage answer, DateTimeOffset now)
    {
        var limit = options.Value.MaxActiveGenerationsPerUser;
        // Npgsql's retrying strategy replays the whole unit on a transient failure.
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtext({userId}))");
            var active = await db.Messages.CountAsync(m => m.Status == MessageStatus.Streaming && m.Conversation!.OwnerId == userId);
            if (active >= limit)
            {
                throw new HubException($"You already have {limit} answers generating. Wait for one to finish or stop it.");
            }
            db.Messages.AddRange(question, answer);
            await db.Conversations.Where(c => c.Id == conversationId)
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.UpdatedAt, now));
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        });
    }
}
