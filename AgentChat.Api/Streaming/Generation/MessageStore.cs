using AgentChat.Api.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Polly;
using Polly.Registry;

namespace AgentChat.Api.Streaming.Generation;

/// <summary>
/// The one PostgreSQL write at the end of an answer (never one per token). One statement in raw
/// SQL: through EF's <c>ExecuteUpdate</c> the same update spent most of its CPU building and
/// matching the query's expression tree, about 3% of the Api's CPU at 200 streams (issue 11).
/// </summary>
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
            // Npgsql's retrying strategy tries a transient failure again before the pipeline does.
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
            {
                await db.Database.OpenConnectionAsync(ct);
                try
                {
                    await using var update = new NpgsqlCommand(onlyIfStreaming ? UpdateIfStreamingSql : UpdateSql,
                        (NpgsqlConnection)db.Database.GetDbConnection())
                    {
                        Parameters =
                        {
                            new() { Value = messageId },
                            new() { Value = outcome.Content },
                            new() { Value = outcome.Status.ToString() },
                            Nullable(outcome.Error, NpgsqlDbType.Text),
                            new() { Value = outcome.CompletedAt },
                            Nullable(outcome.TimeToFirstTokenMs, NpgsqlDbType.Integer),
                            Nullable(outcome.Model, NpgsqlDbType.Text),
                            Nullable(details.Reasoning, NpgsqlDbType.Text),
                            Nullable(details.ReasoningMs, NpgsqlDbType.Integer),
                            Nullable(details.ToolCallsJson, NpgsqlDbType.Jsonb),
                            Nullable(details.InputTokens, NpgsqlDbType.Bigint),
                            Nullable(details.OutputTokens, NpgsqlDbType.Bigint),
                            Nullable(details.TotalTokens, NpgsqlDbType.Bigint)
                        }
                    };
                    return await update.ExecuteNonQueryAsync(ct) > 0;
                }
                finally
                {
                    await db.Database.CloseConnectionAsync();
                }
            }, cancellationToken);
        });
    }

    private static NpgsqlParameter Nullable(object? value, NpgsqlDbType type) => new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };

    // The first-token time and the model are kept when this end does not know them (a stop, recovery).
    private const string UpdateSql = """
        UPDATE messages
        SET "Content" = $2, "Status" = $3, "Error" = $4, "CompletedAt" = $5,
            "TimeToFirstTokenMs" = COALESCE($6, "TimeToFirstTokenMs"), "Model" = COALESCE($7, "Model"),
            "Reasoning" = $8, "ReasoningMs" = $9, "ToolCalls" = $10,
            "InputTokens" = $11, "OutputTokens" = $12, "TotalTokens" = $13
        WHERE "Id" = $1
        """;

    private const string UpdateIfStreamingSql = UpdateSql + """ AND "Status" = 'Streaming'""";
}
