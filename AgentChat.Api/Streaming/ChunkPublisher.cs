using AgentChat.Contracts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AgentChat.Api.Streaming;

/// <summary>
/// Puts a chunk in the log and in front of the conversation's clients. The log write and the
/// broadcast go out together (StackExchange.Redis pipelines the write); the chunk counts as done
/// once the log has it. When Redis is away, the write is retried in order until it returns, so
/// the log has no gaps; the broadcast is best effort, since clients resume from the log.
/// </summary>
public sealed class ChunkPublisher(
    ChunkLog log,
    IHubContext<ChatHub, IChatClientEvents> hub,
    IOptions<StreamingOptions> options,
    StreamingTelemetry telemetry,
    ILogger<ChunkPublisher> logger)
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(2);

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
        var attempt = firstAttempt;
        var delay = TimeSpan.FromMilliseconds(100);
        var deadline = DateTime.UtcNow + GiveUpAfter;
        while (true)
        {
            try
            {
                await attempt;
                return;
            }
            catch (Exception e) when (e is RedisException or TimeoutException && DateTime.UtcNow < deadline)
            {
                logger.LogWarning("Logging chunk {Sequence} of {MessageId} failed ({Error}); retrying", chunk.Sequence, chunk.MessageId, e.GetType().Name);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                // The answer itself is safe in memory and goes to PostgreSQL at the end; only resume suffers.
                logger.LogError(e, "Gave up logging chunk {Sequence} of {MessageId}", chunk.Sequence, chunk.MessageId);
                return;
            }
            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
            attempt = log.AppendAsync(chunk);
        }
    }
}
