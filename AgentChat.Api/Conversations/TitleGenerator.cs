using AgentChat.Api.Ai;
using AgentChat.Api.Data;
using AgentChat.Api.Streaming;
using AgentChat.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace AgentChat.Api.Conversations;

/// <summary>
/// After a conversation's first answer, asks the model for a short title in the background and
/// tells every open tab of the owner. It only replaces the provisional title: a rename made in the
/// meantime wins. Failures only cost the nicer title, so they are logged and dropped.
/// </summary>
public sealed class TitleGenerator(
    IChatClient chatClient,
    ModelInfo models,
    IServiceScopeFactory scopes,
    ConversationNotices notices,
    IOptions<TitleOptions> options,
    ILogger<TitleGenerator> logger)
{
    private const string Instruction =
        "Write a short title (at most six words) for the conversation below. Reply with the title only: no quotes, no punctuation at the end.";

    /// <summary>Whether titles are generated at all: enabled, and a real model answers.</summary>
    public bool Enabled => options.Value.Generate && !models.IsDemo;

    /// <summary>Starts once <paramref name="answered"/> completes; never throws.</summary>
    public Task GenerateAfter(Task answered, FirstTurn turn) =>
        Enabled ? Task.Run(() => GenerateAsync(answered, turn), CancellationToken.None) : Task.CompletedTask;

    public sealed record FirstTurn(string UserId, Guid ConversationId, Guid AnswerId, string Question, string ProvisionalTitle, string? Model);

    private async Task GenerateAsync(Task answered, FirstTurn turn)
    {
        try
        {
            await answered;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
            var answer = await db.Messages.AsNoTracking()
                .Where(m => m.Id == turn.AnswerId && m.Status == MessageStatus.Complete)
                .Select(m => m.Content).FirstOrDefaultAsync();
            if (string.IsNullOrWhiteSpace(answer))
            {
                return;
            }
            using var timeout = new CancellationTokenSource(options.Value.GenerationTimeout);
            var response = await chatClient.GetResponseAsync(
            [
                new ChatMessage(ChatRole.System, Instruction),
                new ChatMessage(ChatRole.User, $"Question: {Clip(turn.Question)}\n\nAnswer: {Clip(answer)}")
            ], new ChatOptions { ModelId = turn.Model, MaxOutputTokens = 24 }, timeout.Token);
            var title = ConversationTitles.FromText(response.Text, options.Value.MaxLength).TrimEnd('.');
            if (title.Length == 0)
            {
                return;
            }
            var renamed = await db.Conversations
                .Where(c => c.Id == turn.ConversationId && c.Title == turn.ProvisionalTitle)
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.Title, title));
            if (renamed > 0)
            {
                await notices.TitleChangedAsync(turn.UserId, turn.ConversationId, title);
            }
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not generate a title for conversation {ConversationId}", turn.ConversationId);
        }
    }

    private static string Clip(string text) => text.Length <= 2000 ? text : text[..2000];
}
