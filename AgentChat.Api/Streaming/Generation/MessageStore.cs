using AgentChat.Api.Data;
using Microsoft.EntityFrameworkCore;
using Polly;
using Polly.Registry;

namespace AgentChat.Api.Streaming.Generation;

/// <summary>The one PostgreSQL write at the end of an answer (never one per token).</summary>
public sealed class MessageStore(IServiceScopeFactory scopes, ResiliencePipelineProvider<string> pipelines)
{
    private readonly ResiliencePipeline _retry = pipelines.GetPipeline(StreamingResilience.FinalWrite);

    public sealed record Outcome(string Content, MessageStatus Status, string? Error, DateTimeOffset CompletedAt, int? TimeToFirstTokenMs, string? Model,
        AnswerDetails? Details = null);

    /// <summary>
    /// Writes the final state, retried (<see cref="StreamingResilience.FinalWrite"/>), because losing
    /// it would leave the answer "streaming". Returns whether a row was updated.
    /// </summary>
    public async Task<bool> CompleteAsync(Guid messageId, Outcome outcome, bool onlyIfStreaming = false)
    {
        var details = StoredDetails.From(outcome.Details);
        return await _retry.ExecuteAsync(async cancellationToken =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
            var query = db.Messages.Where(m => m.Id == messageId);
            if (onlyIfStreaming)
            {
                query = query.Where(m => m.Status == MessageStatus.Streaming);
            }
            var updated = await query.ExecuteUpdateAsync(set => set
                .SetProperty(m => m.Content, outcome.Content)
                .SetProperty(m => m.Status, outcome.Status)
                .SetProperty(m => m.Error, outcome.Error)
                .SetProperty(m => m.CompletedAt, outcome.CompletedAt)
                .SetProperty(m => m.TimeToFirstTokenMs, m => outcome.TimeToFirstTokenMs ?? m.TimeToFirstTokenMs)
                .SetProperty(m => m.Model, m => outcome.Model ?? m.Model)
                .SetProperty(m => m.Reasoning, details.Reasoning)
                .SetProperty(m => m.ReasoningMs, details.ReasoningMs)
                .SetProperty(m => m.ToolCalls, details.ToolCallsJson)
                .SetProperty(m => m.InputTokens, details.InputTokens)
                .SetProperty(m => m.OutputTokens, details.OutputTokens)
                .SetProperty(m => m.TotalTokens, details.TotalTokens), cancellationToken);
            return updated > 0;
        });
    }
}
