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
/// once the log has it. When Redis is away, the write is retried in order
/// (<see cref="StreamingResilience.ChunkLog"/>) so the log has no gaps; the broadcast is best
/// effort, since clients resume from the log.
/// </summary>
public sealed class ChunkPublisher(
    ChunkLog log,
    IHubContext<ChatHub, IChatClientEvents> hub,
    ResiliencePipelineProvider<string> pipelines,
    IOptions<StreamingOptions> options,
    StreamingTelemetry telemetry,
    ILogger<ChunkPublisher> logger)
{
    private readonly ResiliencePipeline _logRetry = pipelines.GetPipeline(StreamingResilience.ChunkLog);

    public async Task PublishAsync(MessageChunk chunk)
    {
        var logged = options.Value.ChunkLogEnabled ? log.AppendAsync(chunk) : Task.CompletedTask;
        try
        {
            await hub.Clients.Group(ChatGroups.Conversation(chunk.ConversationId)).MessageChunk(chunk);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or InvalidOperationException)
        {
            logger.LogWarning(e, "Broadcast of chunk {Sequence} of {MessageId} failed; clients will resume it from the log", chunk.Sequence, chunk.MessageId);
        }
        await EnsureLoggedAsync(logged, chunk);
        telemetry.Chunks.Add(1);
    }

    private async Task EnsureLoggedAsync(Task firstAttempt, MessageChunk chunk)
    {
        try
        {
            await firstAttempt;
            return;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning("Logging chunk {Sequence} of {MessageId} failed ({Error}); retrying", chunk.Sequence, chunk.MessageId, e.GetType().Name);
        }
        // The pipeline's first try re-awaits the failed write, so its backoff comes before the next real write.
        var tries = 0;
        try
        {
            await _logRetry.ExecuteAsync(async _ => await (tries++ == 0 ? firstAttempt : log.AppendAsync(chunk)));
        }
        catch (Exception e) when (e is RedisException or TimeoutException or TimeoutRejectedException)
        {
            // The answer itself is safe in memory and goes to PostgreSQL at the end; only resume suffers.
            logger.LogError(e, "Gave up logging chunk {Sequence} of {MessageId}", chunk.Sequence, chunk.MessageId);
        }
    }
}
