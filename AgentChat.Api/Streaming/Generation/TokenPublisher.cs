using System.Text;
using System.Threading.Channels;
using AgentChat.Api.Common;
using AgentChat.Api.Streaming.Chunks;
using AgentChat.Contracts;
using Microsoft.Extensions.Options;

namespace AgentChat.Api.Streaming.Generation;

/// <summary>
/// The publishing side of a generation: numbers chunks 1, 2, 3 … across every kind, merging
/// deltas of one kind (text with text, reasoning with reasoning) that queued up while the previous
/// chunk was being logged and broadcast, or within <see cref="StreamingOptions.ChunkMergeWindow"/>
/// after it, unless the model has ended. Tool and usage events are never merged, and the first
/// chunk never waits. After Redis reconnects it makes sure the log still starts at sequence 1,
/// rewriting it from memory if not.
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
                && tokens.TryPeek(out var waiting) && waiting.IsDelta && !generation.ModelEnded.IsCompleted)
            {
                // Until the window closes or the model ends: its last words never wait for tokens that cannot come.
                await Task.WhenAny(Task.Delay(mergeWindow - since, time), generation.ModelEnded);
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
            await publisher.PublishAsync(chunk, generation.Keys);
            lastPublished = time.GetTimestamp();
            telemetry.ChunkLatency.Record(time.GetElapsedTime(first.Timestamp).TotalMilliseconds);
            // The first segment is as small as a resume's first batch, so a resume from the start shows the answer at once.
            var segmentChunks = generation.SealedThrough == 0
                ? Math.Min(options.Value.ReplayFirstBatchSize, options.Value.LogSegmentChunks)
                : options.Value.LogSegmentChunks;
            if (sequence - generation.SealedThrough >= segmentChunks)
            {
                Seal(generation, generation.Published(generation.SealedThrough + 1, sequence));
            }
        }
        await RestoreLogIfLostAsync(generation);
        return sequence;
    }

    /// <summary>
    /// Seals what is left after the final chunk has been published (<paramref name="final"/>), and
    /// waits for every segment write of the answer. Never throws: segments only speed resumes up.
    /// </summary>
    public async Task SealEndAsync(ActiveGeneration generation, MessageChunk final)
    {
        var rest = generation.Published(generation.SealedThrough + 1, final.Sequence - 1);
        Seal(generation, [.. rest, final]);
        await generation.Sealing;
    }

    // Off the publish loop: the next chunk does not wait for it. One write at a time per answer, in
    // order, so the final segment's shorter expiry is the last one set.
    private void Seal(ActiveGeneration generation, IReadOnlyList<MessageChunk> chunks)
    {
        generation.SealedThrough = chunks[^1].Sequence;
        generation.Sealing = SealAfterAsync(generation.Sealing, chunks, generation.SegmentOwner);
    }

    private async Task SealAfterAsync(Task previous, IReadOnlyList<MessageChunk> chunks, SegmentOwner owner)
    {
        await previous;
        try
        {
            await log.SealAsync(chunks, owner);
        }
        catch (Exception e)
        {
            // Whatever went wrong (Redis away, or closing at shutdown), the log has these chunks
            // all the same and a resume reads them there: nothing else may fail for it.
            logger.LogWarning("Could not seal chunks {First} to {Last} of {MessageId}: {Error}",
                chunks[0].Sequence, chunks[^1].Sequence, chunks[0].MessageId, e.GetType().Name);
        }
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
        catch (Exception e) when (e.IsRedisFault())
        {
            generation.SuspectLogLoss();
            logger.LogWarning("Could not check the chunk log of {MessageId}: {Error}", generation.MessageId, e.GetType().Name);
        }
    }
}
