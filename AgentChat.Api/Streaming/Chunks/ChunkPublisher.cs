using AgentChat.Api.Streaming.Hubs;
using AgentChat.Contracts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;
using Polly.Timeout;
using StackExchange.Redis;

namespace AgentChat.Api.Streaming.Chunks;

/// <summary>
/// Puts a chunk in the log and in front of the conversation's clients. The log write and the
/// broadcast go out together (StackExchange.Redis pipelines the write); the chunk counts as done
/// once the log has it and it has been broadcast. When Redis is away, both are retried in order
/// (<see cref="StreamingResilience.ChunkLog"/>), so the log has no gaps and live clients get the
/// chunk once Redis is back, without waiting for a reconnect that may never come.
/// </summary>
public sealed class ChunkPublisher(
    ChunkLog log,
    IHubContext<ChatHub, IChatClientEvents> hub,
    ResiliencePipelineProvider<string> pipelines,
    IOptions<StreamingOptions> options,
    StreamingTelemetry telemetry,
    ILogger<ChunkPublisher> logger)
{
    private readonly ResiliencePipeline _retry = pipelines.GetPipeline(StreamingResilience.ChunkLog);

    public async Task PublishAsync(MessageChunk chunk)
    {
        var logged = options.Value.ChunkLogEnabled ? log.AppendAsync(chunk) : Task.CompletedTask;
        var broadcast = BroadcastAsync(chunk);
        await EnsureAsync(logged, chunk, Step.Log);
        await EnsureAsync(broadcast, chunk, Step.Broadcast);
        telemetry.Chunks.Add(1);
    }

    private Task BroadcastAsync(MessageChunk chunk) =>
        hub.Clients.Group(ChatGroups.Conversation(chunk.ConversationId)).MessageChunk(chunk);

    private enum Step
    {
        Log,
        Broadcast
    }

    private async Task EnsureAsync(Task firstAttempt, MessageChunk chunk, Step what)
    {
        try
        {
            await firstAttempt;
            return;
        }
        catch (Exception e) when (IsRedisFault(e))
        {
            logger.LogWarning("Could not {What} chunk {Sequence} of {MessageId} ({Error}); retrying", what, chunk.Sequence, chunk.MessageId, e.GetType().Name);
        }
        // The pipeline's first try re-awaits the failed attempt, so its backoff comes before the next real one.
        var tries = 0;
        try
        {
            await _retry.ExecuteAsync(async _ => await (tries++ == 0 ? firstAttempt
                : what == Step.Log ? log.AppendAsync(chunk) : BroadcastAsync(chunk)));
        }
        catch (Exception e) when (IsRedisFault(e) || e is TimeoutRejectedException)
        {
            // The answer itself is safe in memory and goes to PostgreSQL at the end; clients that
            // missed the chunk fetch it by its sequence (docs/streaming-protocol.md).
            logger.LogError(e, "Gave up trying to {What} chunk {Sequence} of {MessageId}", what, chunk.Sequence, chunk.MessageId);
        }
    }

    // The SignalR backplane reports a Redis that is away as InvalidOperationException too.
    private static bool IsRedisFault(Exception e) => e is RedisException or TimeoutException or InvalidOperationException;
}
