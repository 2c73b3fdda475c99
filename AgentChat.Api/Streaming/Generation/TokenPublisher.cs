using System.Text;
using System.Threading.Channels;
using AgentChat.Api.Streaming.Chunks;
using AgentChat.Contracts;
using Microsoft.Extensions.Options;

namespace AgentChat.Api.Streaming.Generation;

/// <summary>
/// The publishing side of a generation: numbers chunks 1, 2, 3 … across every kind, merging
/// deltas of one kind (text with text, reasoning with reasoning) that queued up while the previous
/// chunk was being logged and broadcast, or within <see cref="StreamingOptions.ChunkMergeWindow"/>
/// after it. Tool and usage events are never merged, and the first chunk never waits. After Redis
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
    /// <summary>Returns the last sequence used (0 when the model produced nothing).</summary>
    public async Task<long> PublishAsync(ActiveGeneration generation, ChannelReader<TokenArrival> tokens)
    {
        var maxChunkChars = options.Value.MaxChunkChars;
        var mergeWindow = options.Value.ChunkMergeWindow;
        long sequence = 0;
        long lastPublished = 0;
        var text = new StringBuilder();
        while (await tokens.WaitToReadAsync())
        {
            if (sequence > 0 && mergeWindow > TimeSpan.Zero && time.GetElapsedTime(lastPublished) is var since && since < mergeWindow
                && tokens.TryPeek(out var waiting) && waiting.IsDelta)
            {
                await Task.Delay(mergeWindow - since, time);
            }
            if (!tokens.TryRead(out var first))
            {
                continue;
            }
            MessageChunk chunk;
            if (first.IsDelta)
            {
                text.Clear().Append(first.Text);
                while (text.Length < maxChunkChars && tokens.TryPeek(out var next) && next.Kind == first.Kind && tokens.TryRead(out next))
                {
                    text.Append(next.Text);
                }
                chunk = generation.Answer.Delta(sequence + 1, first.Kind, text.ToString());
            }
            else
            {
                chunk = generation.Answer.Event(sequence + 1, first);
            }
            await RestoreLogIfLostAsync(generation);
            sequence++;
            generation.AddPublished(chunk);
            await publisher.PublishAsync(chunk);
            lastPublished = time.GetTimestamp();
            telemetry.ChunkLatency.Record(time.GetElapsedTime(first.Timestamp).TotalMilliseconds);
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
