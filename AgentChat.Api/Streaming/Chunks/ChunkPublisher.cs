using AgentChat.Api.Common;
using AgentChat.Api.Streaming.Delivery;
using AgentChat.Contracts;
using Polly;
using Polly.Registry;
using Polly.Timeout;

namespace AgentChat.Api.Streaming.Chunks;

/// <summary>
/// Puts a chunk in the log and in front of the conversation's viewers. One round trip to Redis,
/// shared with the chunks other answers publish meanwhile, logs it and forwards it to the other
/// replicas with viewers (<see cref="ChunkLog.AppendAsync"/>); then it goes straight to the viewers
/// on this replica, with no trip through Redis. Sending after
/// the log write is what lets a viewer join at any moment: what it is not sent, it finds in the log.
/// When Redis is away, the viewers here get the chunk at once and the log write (with the forward)
/// is retried in order (<see cref="StreamingResilience.ChunkLog"/>), so the log has no gaps and
/// other replicas' viewers get the chunk once Redis is back, without waiting for a reconnect.
/// </summary>
public sealed class ChunkPublisher(
    ChunkLog log,
    LiveViewers viewers,
    ResiliencePipelineProvider<string> pipelines,
    StreamingTelemetry telemetry,
    ILogger<ChunkPublisher> logger)
{
    private readonly ResiliencePipeline _retry = pipelines.GetPipeline(StreamingResilience.ChunkLog);

    /// <param name="keys">The chunk's answer's, built once for the answer.</param>
    public async Task PublishAsync(MessageChunk chunk, AnswerKeys keys)
    {
        var written = log.AppendAsync(chunk, keys, viewers.InstanceId);
        var logged = true;
        try
        {
            await written;
        }
        catch (Exception e) when (e.IsRedisFault())
        {
            logger.LogWarning("Could not log chunk {Sequence} of {MessageId} ({Error}); retrying", chunk.Sequence, chunk.MessageId, e.GetType().Name);
            logged = false;
        }
        await viewers.DeliverAsync(chunk);
        if (!logged)
        {
            await RetryAsync(written, chunk, keys);
        }
        telemetry.Chunks.Add(1);
    }

    private async Task RetryAsync(Task firstAttempt, MessageChunk chunk, AnswerKeys keys)
    {
        // The pipeline's first try re-awaits the failed attempt, so its backoff comes before the next real one.
        var tries = 0;
        try
        {
            await _retry.ExecuteAsync(async _ => await (tries++ == 0 ? firstAttempt : log.AppendAsync(chunk, keys, viewers.InstanceId)));
        }
        catch (Exception e) when (e.IsRedisFault() || e is TimeoutRejectedException)
        {
            // The answer itself is safe in memory and goes to PostgreSQL at the end; clients that
            // missed the chunk fetch it by its sequence (docs/streaming-protocol.md).
            logger.LogError(e, "Gave up trying to log chunk {Sequence} of {MessageId}", chunk.Sequence, chunk.MessageId);
        }
    }
}
