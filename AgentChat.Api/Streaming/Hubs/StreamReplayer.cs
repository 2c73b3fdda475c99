using AgentChat.Api.Common;
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
/// out beside the ownership check, before it, unless sealed segments can serve it); the price is
/// that a chunk may arrive twice or slightly out of order around the switch, which clients handle
/// by sequence (docs/streaming-protocol.md). A log that no longer starts right after the caller's sequence is
/// reported as not available. The ownership check is one Redis read for an answer with sealed
/// segments (<see cref="SegmentOwner"/>), PostgreSQL otherwise. The three differ only in how a
/// batch read from the log reaches the caller.
/// </summary>
public sealed class StreamReplayer(
    ConversationAccess access,
    ChunkLog log,
    LiveViewers viewers,
    HubLifetimeManager<ChatHub> connections,
    IOptions<StreamingOptions> options)
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
        }, sendSegment: null);

    /// <summary>
    /// One <see cref="IChatClientEvents.MessageChunks"/> call per batch read from the log: one hub
    /// message, flush and client dispatch per batch instead of per chunk. What remains of a long
    /// resume is reading the log and (de)serializing each chunk, which batching cannot remove. The
    /// first batch is smaller, so the answer starts to show while the rest is read.
    /// </summary>
    public Task<ResumeResult> ResumeInBatchesAsync(HubCallerContext context, IChatClientEvents caller,
        string userId, string? messageId, long afterSequence) =>
        ReplayAsync(context, userId, messageId, afterSequence,
            Math.Min(options.Value.ReplayFirstBatchSize, options.Value.ReplayBatchSize), caller.MessageChunks, sendSegment: null);

    /// <summary>
    /// Batches as <see cref="ResumeInBatchesAsync"/> reads them, each sent as one compact
    /// <see cref="MessageChunkBatch"/>: the ids once per batch, and per chunk only what is its own.
    /// A resume from the start of a sealed segment (<see cref="LogSegment"/>; from the start of the
    /// answer, as a reload or a second tab asks) first sends the segments that follow on from it,
    /// each as it was stored, and reads only the rest from the log.
    /// </summary>
    public Task<ResumeResult> ResumeInCompactBatchesAsync(HubCallerContext context, IChatClientEvents caller,
        string userId, string? messageId, long afterSequence) =>
        ReplayAsync(context, userId, messageId, afterSequence,
            Math.Min(options.Value.ReplayFirstBatchSize, options.Value.ReplayBatchSize),
            batch => caller.MessageChunkBatch(MessageChunkBatch.Of(batch)),
            segment => connections.SendConnectionAsync(context.ConnectionId, ChatHubMethods.MessageChunkBatch, [new PreSerialized(segment.Batch)]));

    private async Task<ResumeResult> ReplayAsync(HubCallerContext context, string userId, string? rawMessageId,
        long afterSequence, int firstBatchSize, Func<MessageChunk[], Task> send, Func<LogSegment, Task>? sendSegment)
    {
        if (afterSequence < 0)
        {
            throw new HubException("afterSequence must be 0 or more.");
        }
        var messageId = ConversationAccess.ParseId(rawMessageId, "messageId");
        // Whose answer it is and, for a compact resume, the segment the caller's position starts (a
        // small one, from the start) and, if the caller owns them, all of them (Redis checks): the
        // first reply is small and comes first, so its segment can be sent while the rest still arrives.
        var fromSegment = sendSegment is not null && afterSequence != long.MaxValue;
        // The first read of the log goes out beside the ownership check instead of after it:
        // nothing read is sent unless the check passes, and the resume saves a round trip. Not for
        // a compact resume from the start (a reload, a second tab), which the segments serve once
        // the answer has its first: it reads the log after the check only if there is none.
        Task<IReadOnlyList<LoggedChunk>>? reading = fromSegment && afterSequence == 0
            ? null
            : log.ReadAfterAsync(messageId, afterSequence, firstBatchSize);
        var readingStart = log.ReadResumeStartAsync(messageId, fromSegment ? afterSequence + 1 : null);
        var readingRest = fromSegment ? log.ReadSegmentsAsync(messageId, userId) : null;
        ResumedAnswer message;
        LogSegment? firstSegment;
        try
        {
            var start = await readingStart;
            firstSegment = start.Segment;
            // The segments' owner (written by the generation, from the turn PostgreSQL stored) is
            // the caller: no database query. Anyone else, or no owner yet, is checked there.
            message = start.Owner is { } owner && owner.UserId == userId
                ? new ResumedAnswer(messageId, owner.ConversationId, owner.AgentId, Status: null)
                : await OwnedAnswerAsync(messageId, userId, context.ConnectionAborted);
            await viewers.JoinAsync(context, message.ConversationId);
        }
        catch
        {
            reading.Abandon();
            readingRest.Abandon();
            throw;
        }

        var answer = new AnswerChunks(message.Id, message.ConversationId, message.AgentId);
        var batchSize = firstBatchSize;
        var readBeforeJoin = true;
        var last = afterSequence;
        var replayed = 0;
        string? finalStatus = null;
        if (firstSegment is not null)
        {
            try
            {
                (last, replayed, finalStatus) = await SendSegmentsAsync(firstSegment, readingRest!, sendSegment!);
            }
            catch
            {
                reading.Abandon();
                readingRest.Abandon();
                throw;
            }
            // The first read was of chunks a segment had; what follows them is read after the join.
            reading.Abandon();
            reading = finalStatus is null ? log.ReadAfterAsync(message.Id, last, options.Value.ReplayBatchSize) : null;
            batchSize = options.Value.ReplayBatchSize;
            readBeforeJoin = false;
        }
        else
        {
            readingRest.Abandon(); // not from a segment's start: the log serves it all
            if (reading is null)
            {
                reading = log.ReadAfterAsync(message.Id, afterSequence, firstBatchSize);
                readBeforeJoin = false;
            }
        }
        var firstRead = true;
        while (finalStatus is null)
        {
            var logged = await reading!;
            if (firstRead && logged.Count > 0 && logged[0].Sequence != last + 1)
            {
                // The log lost its head (Redis came back without its data): replaying what is left
                // would leave the client holding chunks it can never apply. Say so instead; the
                // owner restores the log, and the stored message has the text once it ends.
                return new ResumeResult(message.Id, await StatusAsync(message, userId, context), last, replayed, LogAvailable: false);
            }
            firstRead = false;
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
            reading = done ? null : log.ReadAfterAsync(message.Id, last, batchSize);
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
                        reading.Abandon();
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
        return new ResumeResult(message.Id, finalStatus ?? await StatusAsync(message, userId, context), last, replayed, logAvailable);
    }

    /// <summary>The answer a resume replays; <see cref="Status"/> is null when its segments' owner vouched for it.</summary>
    private sealed record ResumedAnswer(Guid Id, Guid ConversationId, Guid AgentId, MessageStatus? Status);

    private async Task<ResumedAnswer> OwnedAnswerAsync(Guid messageId, string userId, CancellationToken ct)
    {
        var message = await access.MessageAsync(messageId, userId, ct);
        if (message.Role != MessageRole.Assistant)
        {
            throw new HubException("Only an agent's answer can be resumed.");
        }
        return new ResumedAnswer(message.Id, message.ConversationId, message.AgentId ?? Guid.Empty, message.Status);
    }

    // Only asked when the replay did not end with the final chunk (the answer still streams, or its
    // log is gone): PostgreSQL says where it stands, and still that it is the caller's.
    private async Task<string> StatusAsync(ResumedAnswer message, string userId, HubCallerContext context) =>
        (message.Status ?? (await OwnedAnswerAsync(message.Id, userId, context.ConnectionAborted)).Status!.Value).ToWire();

    /// <summary>
    /// Sends <paramref name="first"/> and then, from the rest, every segment that follows on
    /// without a gap, up to the final one. Returns the last sequence sent, how many chunks, and the
    /// final status if the final chunk was among them.
    /// </summary>
    private static async Task<(long Last, int Replayed, string? FinalStatus)> SendSegmentsAsync(LogSegment first,
        Task<IReadOnlyList<LogSegment>> readingRest, Func<LogSegment, Task> send)
    {
        await send(first);
        var (last, replayed, finalStatus) = (first.Last, (int)first.Count, first.FinalStatus);
        if (finalStatus is not null)
        {
            readingRest.Abandon();
            return (last, replayed, finalStatus);
        }
        foreach (var segment in await readingRest)
        {
            if (segment.Last <= last)
            {
                continue; // sent already
            }
            if (segment.First != last + 1)
            {
                break; // a gap (Redis lost one, or it did not read back): the log serves from here
            }
            await send(segment);
            (last, replayed, finalStatus) = (segment.Last, replayed + (int)segment.Count, segment.FinalStatus);
            if (finalStatus is not null)
            {
                break;
            }
        }
        return (last, replayed, finalStatus);
    }
}
