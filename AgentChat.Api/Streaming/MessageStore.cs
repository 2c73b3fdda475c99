using AgentChat.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace AgentChat.Api.Streaming;

/// <summary>The one PostgreSQL write at the end of an answer (never one per token).</summary>
public sealed class MessageStore(IServiceScopeFactory scopes, ILogger<MessageStore> logger)
{
    public sealed record Outcome(string Content, MessageStatus Status, string? Error, DateTimeOffset CompletedAt, int? TimeToFirstTokenMs, string? Model);

    /// <summary>Writes the final state; retried, because losing it would leave the answer "streaming".</summary>
    public async Task CompleteAsync(Guid messageId, Outcome outcome, bool onlyIfStreaming = false)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
                var query = db.Messages.Where(m => m.Id == messageId);
                if (onlyIfStreaming)
                {
                    query = query.Where(m => m.Status == MessageStatus.Streaming);
                }
                await query.ExecuteUpdateAsync(set => set
                    .SetProperty(m => m.Content, outcome.Content)
                    .SetProperty(m => m.Status, outcome.Status)
                    .SetProperty(m => m.Error, outcome.Error)
                    .SetProperty(m => m.CompletedAt, outcome.CompletedAt)
                    .SetProperty(m => m.TimeToFirstTokenMs, m => outcome.TimeToFirstTokenMs ?? m.TimeToFirstTokenMs)
                    .SetProperty(m => m.Model, m => outcome.Model ?? m.Model));
                return;
            }
            catch (Exception e) when (attempt < 5 && e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Saving the end of message {MessageId} failed (attempt {Attempt}); retrying", messageId, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
            }
        }
    }
}
