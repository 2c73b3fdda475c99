using AgentChat.Api.Common;
using AgentChat.Api.Data;
using AgentChat.Api.Streaming.Chunks;
using Npgsql;

namespace AgentChat.Api.Streaming.Generation;

/// <summary>
/// The one place an answer ends, whoever ends it (its generation, a stop of an orphan, or
/// recovery after its owner died): the final state in PostgreSQL, then the final chunk, then the
/// outcome metric. No failure here may leave an answer "streaming" for the people watching it.
/// </summary>
public sealed class AnswerCompletion(
    MessageStore store,
    ChunkPublisher publisher,
    StreamingTelemetry telemetry,
    TimeProvider time,
    ILogger<AnswerCompletion> logger)
{
    /// <param name="onlyIfStreaming">Leave an answer alone that someone else has ended meanwhile.</param>
    /// <param name="finalAlreadyLogged">The owner logged its final chunk before it died: do not send a second one.</param>
    /// <returns>Whether this call ended the answer in PostgreSQL.</returns>
    /// <exception cref="Exception">PostgreSQL stayed unreachable through every retry: the final chunk has
    /// gone out all the same, and recovery writes the logged end once PostgreSQL is back.</exception>
    public async Task<bool> FinishAsync(AnswerChunks answer, AnswerEnd end, bool onlyIfStreaming = false, bool finalAlreadyLogged = false)
    {
        end = end with
        {
            Content = StorableText.Clean(end.Content),
            Model = StorableModelName(end.Model),
            Details = end.Details is { } details ? Storable(details) : null
        };
        bool ended;
        try
        {
            // PostgreSQL first: a client that sees the final chunk may send its next question at once,
            // and that turn's history (and the per-user limit) must already see this one ended.
            ended = await StoreAsync(answer, end, onlyIfStreaming);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Could not store the end of {MessageId}; its final chunk goes out now and recovery stores it later", answer.MessageId);
            if (!finalAlreadyLogged)
            {
                await publisher.PublishAsync(end.FinalChunk(answer), new AnswerKeys(answer));
            }
            throw;
        }
        if (!ended && onlyIfStreaming)
        {
            return false;
        }
        // Before the final chunk: whoever saw the end can also see it counted.
        telemetry.RecordOutcome(end.Status, answer.AgentId, end.Model);
        if (!finalAlreadyLogged)
        {
            await publisher.PublishAsync(end.FinalChunk(answer), new AnswerKeys(answer));
        }
        return ended;
    }

    private async Task<bool> StoreAsync(AnswerChunks answer, AnswerEnd end, bool onlyIfStreaming)
    {
        try
        {
            return await store.CompleteAsync(answer.MessageId, ToOutcome(end), onlyIfStreaming);
        }
        catch (PostgresException e) when (e.SqlState.StartsWith("22", StringComparison.Ordinal))
        {
            // A data error is not transient: retrying the same text cannot succeed. Keep the answer
            // ended, without the text PostgreSQL refused.
            logger.LogError(e, "PostgreSQL refused the text of {MessageId}; storing it as failed", answer.MessageId);
            return await store.CompleteAsync(answer.MessageId,
                ToOutcome(end with { Content = "", Status = MessageStatus.Failed, Error = SafeErrors.NotStored }), onlyIfStreaming);
        }
    }

    private MessageStore.Outcome ToOutcome(AnswerEnd end) =>
        new(end.Content, end.Status, end.Error, time.GetUtcNow(), end.TimeToFirstTokenMs, end.Model, end.Details);

    // Tool arguments and results are model and tool output: a NUL would fail the jsonb column too.
    private static AnswerDetails Storable(AnswerDetails details) => details with
    {
        Reasoning = StorableText.Clean(details.Reasoning),
        ToolCalls = details.ToolCalls.Select(tool => tool with
        {
            CallId = StorableText.Clean(tool.CallId),
            Name = StorableText.Clean(tool.Name),
            Arguments = tool.Arguments is null ? null : StorableText.Clean(tool.Arguments),
            Result = tool.Result is null ? null : StorableText.Clean(tool.Result)
        }).ToList()
    };

    /// <summary>The provider's model name is untrusted too: storable and within the column.</summary>
    private static string? StorableModelName(string? model) =>
        model is null ? null : StorableText.Clean(model.Length > Agent.ModelMaxLength ? model[..Agent.ModelMaxLength] : model);
}
