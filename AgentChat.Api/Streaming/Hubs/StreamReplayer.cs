using AgentChat.Api.Conversations;
using AgentChat.Api.Data;
using AgentChat.Api.Streaming.Chunks;
using AgentChat.Api.Streaming.Delivery;
using AgentChat.Contracts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace AgentChat.Api.Streaming.Hubs;

/// <summary>
/// ResumeStreamCompact, ResumeStreamBatched and ResumeStream: subscribe the caller to live chunks,
/// then replay the log after the sequence the caller has, in bounded batches. No chunk can fall
/// between replay and live, because the log is read again after subscribing (the first read goes
/// out beside the ownership check, before it); the price is that a chunk may arrive twice or
/// slightly out of order around the switch, which clients handle by sequence
/// (docs/streaming-protocol.md). A log that no longer starts right after the caller's sequence is
/// reported as not available. The three differ only in how a batch read from the log reaches the caller.
/// </summary>
public sealed class StreamReplayer(ConversationAccess access, ChunkLog log, LiveViewers viewers, IOptions<StreamingOptions> options)
{
    /// <summary>Every replayed chunk is its own <see cref="IChatClientEvents.MessageChunk"/> call, as protocol version 1 and 2 clients expect.</summary>
    public Task<ResumeResult> ResumeChunkByChunkAsync(HubCallerContext context, IChatClientEvents caller,
        string userId, string? messageId, long afterSequence) =>
        ReplayAsync(context, userId, messageId, afterSequence, options.Value.ReplayBatchSize, async batch =>
        {
            foreach (var chunk in batch)
            {
                await caller.MessageChunk(chunk);
            }
        });

    /// <summary>
    /// One <see cref="IChatClientEvents.MessageChunks"/> call per batch read from the log: one hub
    /// message, flush and client dispatch per batch instead of per chunk. What remains of a long
    /// resume is reading the log and (de)serializing each chunk, which batching cannot remove. The
    /// first batch is smaller, so the answer starts to show while the rest is read.
    /// </summary>
    public Task<ResumeResult> ResumeInBatchesAsync(HubCallerContext context, IChatClientEvents caller,
        string userId, string? messageId, long afterSequence) =>
        ReplayAsync(context, userId, messageId, afterSequence,
            Math.Min(options.Value.ReplayFirstBatchSize, options.Value.ReplayBatchSize), caller.MessageChunks);

    /// <summary>
    /// Batches as <see cref="ResumeInBatchesAsync"/> reads them, each sent as one compact
    /// <see cref="MessageChunkBatch"/>: the ids once per batch, and per chunk only what is its own.
    /// </summary>
    public Task<ResumeResult> ResumeInCompactBatchesAsync(HubCallerContext context, IChatClientEvents caller,
        string userId, string? messageId, long afterSequence) =>
        ReplayAsync(context, userId, messageId, afterSequence,
            Math.Min(options.Value.ReplayFirstBatchSize, options.Value.ReplayBatchSize),
            batch => caller.MessageChunkBatch(MessageChunkBatch.Of(batch)));

    private async Task<ResumeResult> ReplayAsync(HubCallerContext context, string userId, string? rawMessageId,
        long afterSequence, int firstBatchSize, Func<MessageChunk[], Task> send)
    {
        if (afterSequence < 0)
        {
            throw new HubException("afterSequence must be 0 or more.");
        }
        var messageId = ConversationAccess.ParseId(rawMessageId, "messageId");
        // The first read goes out beside the ownership check instead of after it: nothing read is
        // sent unless the check passes, and the resume saves a round trip.
        var reading = log.ReadAfterAsync(messageId, afterSequence, firstBatchSize);
        ConversationAccess.OwnedMessage message;
        try
        {
            message = await access.MessageAsync(messageId, userId, context.ConnectionAborted);
            if (message.Role != MessageRole.Assistant)
            {
                throw new HubException("Only an agent's answer can be resumed.");
            }
        }
        catch
        {
            Abandon(reading);
            throw;
        }
        await viewers.JoinAsync(context, message.ConversationId);

        var answer = new AnswerChunks(message.Id, message.ConversationId, message.AgentId ?? Guid.Empty);
        var batchSize = firstBatchSize;
        var readBeforeJoin = true;
        var last = afterSequence;
        var replayed = 0;
        string? finalStatus = null;
        while (true)
        {
            var logged = await reading;
            if (replayed == 0 && logged.Count > 0 && logged[0].Sequence != afterSequence + 1)
            {
                // The log lost its head (Redis came back without its data): replaying what is left
                // would leave the client holding chunks it can never apply. Say so instead; the
                // owner restores the log, and the stored message has the text once it ends.
                return new ResumeResult(message.Id, message.Status.ToWire(), afterSequence, 0, LogAvailable: false);
            }
            var batch = new MessageChunk[logged.Count];
            for (var i = 0; i < batch.Length; i++)
            {
                batch[i] = answer.FromLog(logged[i]);
                finalStatus ??= logged[i].FinalStatus;
            }
            if (batch.Length > 0)
            {
                last = logged[^1].Sequence;
            }
            // Done once the final chunk is read, or a read made after joining came back short:
            // whatever is logged after it reaches this connection live. A short first read is not
            // enough, since it went out before the join.
            var done = finalStatus is not null || (logged.Count < batchSize && !readBeforeJoin);
            batchSize = options.Value.ReplayBatchSize;
            readBeforeJoin = false;
            // The next read overlaps this batch's send.
            reading = done ? null! : log.ReadAfterAsync(message.Id, last, batchSize);
            if (batch.Length > 0)
            {
                try
                {
                    await send(batch);
                }
                catch
                {
                    if (!done)
                    {
                        Abandon(reading);
                    }
                    throw;
                }
                replayed += batch.Length;
            }
            if (done)
            {
                break;
            }
        }

        var logAvailable = replayed > 0 || await log.ExistsAsync(message.Id);
        return new ResumeResult(message.Id, finalStatus ?? message.Status.ToWire(), last, replayed, logAvailable);
    }

    // A read no longer wanted: its failure, if any, is observed here instead of surfacing unobserved.
    private static void Abandon(Task reading) =>
        _ = reading.ContinueWith(static read => read.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
