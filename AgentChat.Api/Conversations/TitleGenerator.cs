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
/// meantime wins. Failures only cost the nicer title, so they are logged and dropped. It owns its
/// background work: on shutdown the model requests still running are cancelled and awaited
/// (briefly), so none outlives the services it uses.
/// </summary>
public sealed class TitleGenerator(
    IChatClient chatClient,
    ModelInfo models,
    IServiceScopeFactory scopes,
    ConversationNotices notices,
    IOptions<TitleOptions> options,
    ILogger<TitleGenerator> logger) : IAsyncDisposable
{
    /// <summary>How long shutdown waits for cancelled title requests to unwind.</summary>
    private static readonly TimeSpan ShutdownWait = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stopping = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Task, byte> _running = new();

    private const string Instruction =
        "Write a short title (at most six words) for the conversation below. Reply with the title only: no quotes, no punctuation at the end.";

    /// <summary>Whether titles are generated at all: enabled, and a real model answers.</summary>
    public bool Enabled => options.Value.Generate && !models.IsDemo;

    /// <summary>Starts once <paramref name="answered"/> completes; never throws.</summary>
    public Task GenerateAfter(Task answered, FirstTurn turn)
    {
        if (!Enabled || _stopping.IsCancellationRequested)
        {
            return Task.CompletedTask;
        }
        var generating = Task.Run(() => GenerateAsync(answered, turn, _stopping.Token), CancellationToken.None);
        _running.TryAdd(generating, 0);
        _ = generating.ContinueWith(done => _running.TryRemove(done, out _), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return generating;
    }

    /// <summary>
    /// Title requests still running. Counted from the tasks themselves: the continuation that
    /// forgets a finished one may run after whoever awaited it (shutdown) has moved on.
    /// </summary>
    public int Running => _running.Keys.Count(task => !task.IsCompleted);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_running.Keys).WaitAsync(ShutdownWait).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public sealed record FirstTurn(string UserId, Guid ConversationId, Guid AnswerId, string Question, string ProvisionalTitle, string? Model);

    private async Task GenerateAsync(Task answered, FirstTurn turn, CancellationToken stopping)
    {
        try
        {
            await answered.WaitAsync(stopping);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
            var answer = await db.Messages.AsNoTracking()
                .Where(m => m.Id == turn.AnswerId && m.Status == MessageStatus.Complete)
                .Select(m => m.Content).FirstOrDefaultAsync(stopping);
            if (string.IsNullOrWhiteSpace(answer))
            {
                return;
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            timeout.CancelAfter(options.Value.GenerationTimeout);
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
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.Title, title), stopping);
            if (renamed > 0)
            {
                await notices.TitleChangedAsync(turn.UserId, turn.ConversationId, title);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            logger.LogInformation("Title generation for conversation {ConversationId} cancelled by shutdown", turn.ConversationId);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not generate a title for conversation {ConversationId}", turn.ConversationId);
        }
    }

    private static string Clip(string text) => text.Length <= 2000 ? text : text[..2000];
}
