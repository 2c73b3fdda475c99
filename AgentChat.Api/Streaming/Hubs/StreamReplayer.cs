using AgentChat.Api.Conversations;
using AgentChat.Api.Data;
using AgentChat.Api.Streaming.Chunks;
using AgentChat.Api.Streaming.Delivery;
using AgentChat.Contracts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace AgentChat.Api.Streaming.Hubs;

/// <summary>
/// ResumeStream and ResumeStreamBatched: subscribe the caller to live chunks first, then replay
/// the log after the sequence the caller has, in bounded batches. Subscribing first means no chunk
/// can fall between replay and live; the price is that a chunk may arrive twice or slightly out of
/// order around the switch, which clients handle by sequence (docs/streaming-protocol.md). A log
/// that no longer starts right after the caller's sequence is reported as not available. The two
/// differ only in how a batch read from the log reaches the caller.
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

    private async Task<ResumeResult> ReplayAsync(HubCallerContext context, string userId, string? messageId,
        long afterSequence, int firstBatchSize, Func<MessageChunk[], Task> send)
    {
        if (afterSequence < 0)
        {
            throw new HubException("afterSequence must be 0 or more.");
        }
        var message = await access.MessageAsync(messageId, userId, context.ConnectionAborted);
        if (message.Role != MessageRole.Assistant)
        {
            throw new HubException("Only an agent's answer can be resumed.");
        }
        await viewers.JoinAsync(context, message.ConversationId);

        var answer = new AnswerChunks(message.Id, message.ConversationId, message.AgentId ?? Guid.Empty);
        var batchSize = firstBatchSize;
        var last = afterSequence;
        var replayed = 0;
        string? finalStatus = null;
        while (true)
        {
            var logged = await log.ReadAfterAsync(message.Id, last, batchSize);
            if (replayed == 0 && logged.Count > 0 && logged[0].Sequence != afterSequence + 1)
            {
                // The log lost its head (Redis came back without its data): replaying what is left
                // would leave the client holding chunks it can never apply. Say so instead; the
                // owner restores the log, and the stored message has the text once it ends.
                return new ResumeResult(message.Id, message.Status.ToWire(), afterSequence, 0, LogAvailable: false);
            }
            if (logged.Count == 0)
            {
                break;
            }
            var batch = new MessageChunk[logged.Count];
            for (var i = 0; i < batch.Length; i++)
            {
                batch[i] = answer.FromLog(logged[i]);
                finalStatus ??= logged[i].FinalStatus;
            }
            await send(batch);
            last = logged[^1].Sequence;
            replayed += batch.Length;
            if (logged.Count < batchSize)
            {
                break;
            }
            batchSize = options.Value.ReplayBatchSize;
        }

        var logAvailable = replayed > 0 || await log.ExistsAsync(message.Id);
        return new ResumeResult(message.Id, finalStatus ?? message.Status.ToWire(), last, replayed, logAvailable);
    }
}
