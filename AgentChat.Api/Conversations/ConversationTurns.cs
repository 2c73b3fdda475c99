using AgentChat.Api.Ai;
using AgentChat.Api.Common;
using AgentChat.Api.Data;
using AgentChat.Api.Streaming;
using AgentChat.Contracts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AiChatRole = Microsoft.Extensions.AI.ChatRole;

namespace AgentChat.Api.Conversations;

/// <summary>
/// A user's turn: checks the message, stores it with the agent's answer-to-be (status
/// streaming) in one transaction that also enforces the per-user limit, and builds the prompt.
/// </summary>
public sealed class ConversationTurns(
    ChatDbContext db,
    ModelInfo models,
    IOptions<StreamingOptions> options,
    TimeProvider time)
{
    /// <param name="onOwned">Started (not awaited) once the conversation is known to be the caller's; awaited before returning.</param>
    public async Task<PreparedTurn> PrepareAsync(string userId, string? conversationId, string? content, Func<Guid, Task> onOwned)
    {
        var text = CheckContent(content);
        var id = ConversationAccess.ParseId(conversationId, "conversationId");
        var conversation = await db.Conversations.AsNoTracking().OwnedBy(userId)
            .Where(c => c.Id == id)
            .Select(c => new { c.Id, Agent = c.Agent! })
            .FirstOrDefaultAsync() ?? throw new HubException("Conversation not found.");
        var owned = onOwned(conversation.Id);
        // A query of its own, on the (conversation, time) index: folded into the query above, EF
        // numbers the rows of every conversation's messages to pick this one's latest.
        var history = await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == id && (m.Content != "" || m.ToolCalls != null)
                        && m.Status != MessageStatus.Failed && m.Status != MessageStatus.Streaming)
            .OrderByDescending(m => m.CreatedAt).Take(options.Value.HistoryMessages)
            .Select(m => new { m.Role, m.Content, m.ToolCalls })
            .ToListAsync();
        var agent = conversation.Agent;

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
        string? provisionalTitle;
        try
        {
            provisionalTitle = await StoreWithinLimitAsync(userId, conversation.Id, question, answer, now,
                () => ConversationTitles.ProvisionalTitleCommand(conversation.Id, ConversationTitles.DefaultFor(agent.Name), text));
        }
        catch
        {
            await owned.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }
        try
        {
            await owned;
        }
        catch (Exception e) when (e is not HubException and not OperationCanceledException)
        {
            // The sender could not be subscribed to the answer (Redis is away): take the turn back,
            // so a refused message stores nothing and holds no slot of the per-user limit.
            await db.Messages.Where(m => m.Id == question.Id || m.Id == answer.Id).ExecuteDeleteAsync();
            throw new HubException(Unavailable);
        }

        var prompt = new List<AiChatMessage> { new(AiChatRole.System, agent.SystemPrompt) };
        prompt.AddRange(history.AsEnumerable().Reverse().SelectMany(m => HistoryPrompt.Messages(m.Role, m.Content, m.ToolCalls)));
        prompt.Add(new AiChatMessage(AiChatRole.User, text));

        return new PreparedTurn(new SendMessageResult(question.Id, answer.Id, agent.Id), conversation.Id, userId,
            models.IsDemo ? null : model, prompt, agent.Tools, provisionalTitle);
    }

    public const string Unavailable = "The chat service is briefly unavailable, so your message was not sent. Please try again in a moment.";

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
        if (!StorableText.IsStorable(content))
        {
            throw new HubException("Message content must not contain NUL characters or unpaired surrogates.");
        }
        return content;
    }

    /// <summary>
    /// A PostgreSQL advisory lock per user serialises the count-then-insert across every replica,
    /// so a burst of sends cannot slip past the limit, nor past "one answer at a time per
    /// conversation" (a conversation has one owner, so the same lock covers it). The turn sits on
    /// the path to the first token, so it costs three round trips: one batch (lock, touch the
    /// conversation, count, provisional title), the inserts, the commit.
    /// </summary>
    /// <returns>The conversation's new provisional title, when this was its first message.</returns>
    private async Task<string?> StoreWithinLimitAsync(string userId, Guid conversationId, ConversationMessage question,
        ConversationMessage answer, DateTimeOffset now, Func<NpgsqlBatchCommand> titleCommand)
    {
        var limit = options.Value.MaxActiveGenerationsPerUser;
        // Npgsql's retrying strategy replays the whole unit on a transient failure.
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var checks = await LockAndCountActiveAsync(userId, conversationId, now, titleCommand(),
                (NpgsqlTransaction)transaction.GetDbTransaction());
            if (checks.InConversation > 0)
            {
                // Each answer must be generated with the previous one in its history, and what the
                // page shows must be the stored order.
                throw new HubException("This conversation is still answering. Wait for the answer to finish or stop it.");
            }
            if (checks.Active >= limit)
            {
                throw new HubException($"You already have {limit} answers generating. Wait for one to finish or stop it.");
            }
            db.Messages.AddRange(question, answer);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            return checks.ProvisionalTitle;
        });
    }

    private sealed record TurnChecks(long Active, long InConversation, string? ProvisionalTitle);

    private async Task<TurnChecks> LockAndCountActiveAsync(string userId, Guid conversationId, DateTimeOffset now,
        NpgsqlBatchCommand titleCommand, NpgsqlTransaction transaction)
    {
        await using var batch = new NpgsqlBatch(transaction.Connection, transaction)
        {
            BatchCommands =
            {
                // The commit need not wait for the disk: at worst a database crash in the next
                // moment loses this question and its empty answer, never a finished answer
                // (those are written with the server's full durability).
                new NpgsqlBatchCommand("SET LOCAL synchronous_commit TO OFF"),
                new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(hashtext($1))") { Parameters = { new() { Value = userId } } },
                new NpgsqlBatchCommand("""UPDATE conversations SET "UpdatedAt" = $1 WHERE "Id" = $2""")
                {
                    Parameters = { new() { Value = now }, new() { Value = conversationId } }
                },
                new NpgsqlBatchCommand("""
                    SELECT count(*) AS active, count(*) FILTER (WHERE m."ConversationId" = $2) AS in_conversation
                    FROM messages m JOIN conversations c ON c."Id" = m."ConversationId"
                    WHERE c."OwnerId" = $1 AND m."Status" = 'Streaming'
                    """)
                {
                    Parameters = { new() { Value = userId }, new() { Value = conversationId } }
                },
                titleCommand
            }
        };
        await using var reader = await batch.ExecuteReaderAsync();
        TurnChecks? checks = null;
        do
        {
            if (reader.FieldCount == 2 && reader.GetName(0) == "active" && await reader.ReadAsync())
            {
                checks = new TurnChecks(reader.GetInt64(0), reader.GetInt64(1), null);
            }
            else if (checks is not null && reader.FieldCount == 1 && reader.GetName(0) == ConversationTitles.ProvisionalColumn
                     && await reader.ReadAsync())
            {
                checks = checks with { ProvisionalTitle = reader.GetString(0) };
            }
        }
        while (await reader.NextResultAsync());
        return checks ?? throw new InvalidOperationException("The active-answer count returned no row.");
    }
}
