using AgentChat.Api.Ai;
using AgentChat.Api.Common;
using AgentChat.Api.Data;
using AgentChat.Api.Streaming;
using AgentChat.Contracts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AiChatRole = Microsoft.Extensions.AI.ChatRole;

namespace AgentChat.Api.Conversations;

/// <summary>
/// A user's turn: checks the message, stores it with the agent's answer-to-be (status
/// streaming) within the per-user limit (<see cref="TurnStore"/>, one round trip), and builds the
/// prompt. The sender is subscribed to the answer while the turn is stored when this replica
/// already knows the conversation is theirs, after it otherwise.
/// </summary>
public sealed class ConversationTurns(
    TurnStore store,
    ConversationOwners owners,
    ChatDbContext db,
    ModelInfo models,
    IOptions<StreamingOptions> options,
    TimeProvider time)
{
    /// <param name="subscribe">Subscribes the sender to the conversation's chunks; awaited before returning.</param>
    public async Task<PreparedTurn> PrepareAsync(string userId, string? conversationId, string? content, Func<Guid, Task> subscribe)
    {
        var text = CheckContent(content);
        var id = ConversationAccess.ParseId(conversationId, "conversationId");
        var subscribing = owners.IsKnownOwner(id, userId) ? subscribe(id) : null;

        var now = time.GetUtcNow();
        var (forcedModel, fallbackModel) = models.Choice();
        var request = new TurnStore.Request(userId, id, text, options.Value.MaxActiveGenerationsPerUser, options.Value.HistoryMessages,
            Guid.CreateVersion7(now), Guid.CreateVersion7(now), now, forcedModel, fallbackModel, ConversationTitles.FromText(text));
        TurnStore.Outcome outcome;
        try
        {
            outcome = await store.StoreAsync(request);
            Check(outcome, request.ActiveLimit);
        }
        catch
        {
            if (subscribing is not null)
            {
                await subscribing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            throw;
        }
        if (subscribing is null)
        {
            // Already remembered otherwise: the lookup above renewed its sliding expiry.
            owners.Remember(id, userId);
        }
        try
        {
            await (subscribing ?? subscribe(id));
        }
        catch (Exception e) when (e is not HubException and not OperationCanceledException)
        {
            // The sender could not be subscribed to the answer (Redis is away): take the turn back,
            // so a refused message stores nothing and holds no slot of the per-user limit.
            await db.Messages.Where(m => m.Id == request.QuestionId || m.Id == request.AnswerId).ExecuteDeleteAsync();
            throw new HubException(Unavailable);
        }

        var agent = outcome.Agent!;
        var prompt = new List<AiChatMessage> { new(AiChatRole.System, agent.SystemPrompt) };
        prompt.AddRange(outcome.History.Reverse().SelectMany(m => HistoryPrompt.Messages(m.Role, m.Content, m.ToolCalls)));
        prompt.Add(new AiChatMessage(AiChatRole.User, text));

        return new PreparedTurn(new SendMessageResult(request.QuestionId, request.AnswerId, agent.Id), id, userId,
            models.IsDemo ? null : outcome.Model, prompt, agent.Tools, outcome.ProvisionalTitle);
    }

    public const string Unavailable = "The chat service is briefly unavailable, so your message was not sent. Please try again in a moment.";

    private static void Check(TurnStore.Outcome outcome, int limit)
    {
        if (outcome.Agent is null)
        {
            throw new HubException("Conversation not found.");
        }
        if (outcome.InConversation > 0)
        {
            // Each answer must be generated with the previous one in its history, and what the
            // page shows must be the stored order.
            throw new HubException("This conversation is still answering. Wait for the answer to finish or stop it.");
        }
        if (outcome.Active >= limit)
        {
            throw new HubException($"You already have {limit} answers generating. Wait for one to finish or stop it.");
        }
        if (!outcome.Stored)
        {
            throw new InvalidOperationException("The turn was admitted but not stored.");
        }
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
        if (!StorableText.IsStorable(content))
        {
            throw new HubException("Message content must not contain NUL characters or unpaired surrogates.");
        }
        return content;
    }
}
