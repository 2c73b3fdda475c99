using AgentChat.Api.Streaming.Chunks;

namespace AgentChat.Api.Streaming.Generation;

/// <summary>
/// The one place an answer ends, whoever ends it (its generation, or recovery after its owner
/// died): the final state in PostgreSQL, then the final chunk, then the outcome metric.
/// </summary>
public sealed class AnswerCompletion(MessageStore store, ChunkPublisher publisher, StreamingTelemetry telemetry, TimeProvider time)
{
    /// <param name="onlyIfStreaming">Recovery: leave an answer alone that someone else has ended meanwhile.</param>
    /// <param name="finalAlreadyLogged">The owner logged its final chunk before it died: do not send a second one.</param>
    /// <returns>Whether this call ended the answer.</returns>
    public async Task<bool> FinishAsync(AnswerChunks answer, AnswerEnd end, bool onlyIfStreaming = false, bool finalAlreadyLogged = false)
    {
        // PostgreSQL first: a client that sees the final chunk may send its next question at once,
        // and that turn's history (and the per-user limit) must already see this one ended.
        var ended = await store.CompleteAsync(answer.MessageId, new MessageStore.Outcome(end.Content, end.Status, end.Error,
            time.GetUtcNow(), end.TimeToFirstTokenMs, end.Model, end.Details), onlyIfStreaming);
        if (!ended && onlyIfStreaming)
        {
            return false;
        }
        if (!finalAlreadyLogged)
        {
            await publisher.PublishAsync(answer.Final(end.LastSequence + 1, end.Status, end.Error));
        }
        telemetry.RecordOutcome(end.Status, answer.AgentId, end.Model);
        return true;
    }
}
