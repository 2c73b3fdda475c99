using AgentChat.Api.Conversations;
using AgentChat.Api.Data;
using AgentChat.Api.Streaming.Chunks;
using AgentChat.Api.Streaming.Delivery;
using AgentChat.Contracts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace AgentChat.Api.Streaming.Hubs;

/// <summary>
/// ResumeStream: subscribes the caller to live chunks first, then replays the log after the
/// sequence the caller has, in bounded batches. Subscribing first means no chunk can fall
/// between replay and live; the price is that a chunk may arrive twice or slightly out of
/// order around the switch, which clients handle by sequence (docs/streaming-protocol.md). A log
/// that no longer starts right after the caller's sequence is reported as not available.
/// </summary>
public sealed class StreamReplayer(ConversationAccess access, ChunkLog log, LiveViewers viewers, IOptions<StreamingOptions> options)
{
    public async Task<ResumeResult> ResumeAsync(HubCallerContext context, IChatClientEvents caller,
        string userId, string? messageId, long afterSequence)
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
        var batchSize = options.Value.ReplayBatchSize;
        var last = afterSequence;
        var replayed = 0;
        string? finalStatus = null;
        while (true)
        {
            var batch = await log.ReadAfterAsync(message.Id, last, batchSize);
            if (replayed == 0 && batch.Count > 0 && batch[0].Sequence != afterSequence + 1)
            {
                // The log lost its head (Redis came back without its data): replaying what is left
                // would leave the client holding chunks it can never apply. Say so instead; the
                // owner restores the log, and the stored message has the text once it ends.
                return new ResumeResult(message.Id, message.Status.ToWire(), afterSequence, 0, LogAvailable: false);
            }
            foreach (var chunk in batch)
            {
                await caller.MessageChunk(answer.FromLog(chunk));
                last = chunk.Sequence;
                finalStatus ??= chunk.FinalStatus;
            }
            replayed += batch.Count;
            if (batch.Count < batchSize)
            {
                break;
            }
        }

        var logAvailable = replayed > 0 || await log.ExistsAsync(message.Id);
        return new ResumeResult(message.Id, finalStatus ?? message.Status.ToWire(), last, replayed, logAvailable);
    }
}
