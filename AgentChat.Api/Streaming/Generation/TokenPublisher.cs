using System.Text;
using System.Threading.Channels;
using AgentChat.Api.Streaming.Chunks;
using Microsoft.Extensions.Options;

namespace AgentChat.Api.Streaming.Generation;

/// <summary>
/// The publishing side of a generation: numbers chunks 1, 2, 3 …, merging tokens that queued up
/// while the previous chunk was being logged and broadcast, or within
/// <see cref="StreamingOptions.ChunkMergeWindow"/> after it, into one chunk. After Redis
/// reconnects it makes sure the log still starts at sequence 1, rewriting it from memory if not.
/// </summary>
public sealed class TokenPublisher(
    ChunkPublisher publisher,
    ChunkLog log,
    StreamingTelemetry telemetry,
    IOptions<StreamingOptions> options,
    TimeProvider time,
    ILogger<TokenPublisher> logger)
{
    /// <summary>Returns the last sequence used (0 when the model produced no text).</summary>
    public async Task<long> PublishAsync(ActiveGeneration generation, ChannelReader<TokenArrival> tokens)
    {
        var maxChunkChars = options.Value.MaxChunkChars;
        var mergeWindow = options.Value.ChunkMergeWindow;
        long sequence = 0;
        long lastPublished = 0;
        var text = new StringBuilder();
        while (await tokens.WaitToReadAsync())
        {
            if (sequence > 0 && mergeWindow > TimeSpan.Zero && time.GetElapsedTime(lastPublished) is var since && since < mergeWindow)
            {
                await Task.Delay(mergeWindow - since, time);
            }
            text.Clear();
            long oldest = 0;
            while (text.Length < maxChunkChars && tokens.TryRead(out var token))
            {
                if (oldest == 0)
                {
                    oldest = token.Timestamp;
                }
                text.Append(token.Text);
            }
            if (text.Length == 0)
            {
                continue;
            }
            await RestoreLogIfLostAsync(generation);
            sequence++;
            var chunk = generation.Answer.Next(sequence, text.ToString());
            generation.AddPublished(chunk);
            await publisher.PublishAsync(chunk);
            lastPublished = time.GetTimestamp();
            telemetry.ChunkLatency.Record(time.GetElapsedTime(oldest).TotalMilliseconds);
        }
        await RestoreLogIfLostAsync(generation);
        return sequence;
    }

    private async Task RestoreLogIfLostAsync(ActiveGeneration generation)
    {
        if (generation.TakeLogLossSuspicion())
        {
            await RestoreLogAsync(generation);
        }
    }

    /// <summary>Rewrites the log if it lost its head; if Redis is away again, tries again before the next chunk.</summary>
    public async Task RestoreLogAsync(ActiveGeneration generation)
    {
        if (!options.Value.ChunkLogEnabled)
        {
            return;
        }
        try
        {
            var published = generation.PublishedSoFar();
            if (await log.RestoreIfHeadlessAsync(generation.MessageId, published))
            {
                logger.LogWarning("Rewrote the chunk log of {MessageId} ({Count} chunks) after Redis lost it", generation.MessageId, published.Count);
            }
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
        {
            generation.SuspectLogLoss();
            logger.LogWarning("Could not check the chunk log of {MessageId}: {Error}", generation.MessageId, e.GetType().Name);
        }
    }
}
