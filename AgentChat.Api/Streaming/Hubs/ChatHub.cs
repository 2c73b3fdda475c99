using AgentChat.Api.Common;
using AgentChat.Api.Conversations;
using AgentChat.Api.Streaming.Delivery;
using AgentChat.Api.Streaming.Generation;
using AgentChat.Api.Streaming.Ownership;
using AgentChat.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace AgentChat.Api.Streaming.Hubs;

/// <summary>
/// The chat hub at <c>/hubs/chat</c> (docs/streaming-protocol.md). Thin: it checks who is asking
/// and hands over. Every error a client can cause is a <see cref="HubException"/> with a safe text.
/// </summary>
[Authorize]
public sealed class ChatHub(
    ConversationTurns turns,
    GenerationRunner runner,
    ConversationAccess access,
    LiveViewers viewers,
    StreamReplayer replayer,
    StopRequests stops,
    TitleGenerator titles,
    ConversationNotices notices,
    TimeProvider time) : Hub<IChatClientEvents>
{
    private string UserId => Context.User!.UserId();

    public async Task<SendMessageResult> SendMessage(string conversationId, string content)
    {
        var requestedAt = time.GetTimestamp();
        if (!viewers.CanDeliver)
        {
            // Refused before anything is stored: accepted now, its chunks could be neither logged nor
            // shown until Redis is back, and the sender would wait on an answer that says nothing.
            throw new HubException(ConversationTurns.Unavailable);
        }
        // The sender is subscribed once the conversation is known to be theirs (while the turn is
        // stored, when this replica already knew it), and before the first chunk can exist.
        var turn = await turns.PrepareAsync(UserId, conversationId, content,
            owned => viewers.JoinAsync(Context, owned));
        var generation = runner.Start(turn, requestedAt);
        if (turn.ProvisionalTitle is { } title)
        {
            await notices.TitleChangedAsync(UserId, turn.ConversationId, title);
            _ = titles.GenerateAfter(generation.Completion, new TitleGenerator.FirstTurn(UserId, turn.ConversationId,
                turn.Result.AssistantMessageId, content, title, turn.Model));
        }
        return turn.Result;
    }

    public async Task JoinConversation(string conversationId)
    {
        var id = await access.ConversationIdAsync(conversationId, UserId, Context.ConnectionAborted);
        await viewers.JoinAsync(Context, id);
    }

    public async Task LeaveConversation(string conversationId)
    {
        var id = await access.ConversationIdAsync(conversationId, UserId, Context.ConnectionAborted);
        await viewers.LeaveAsync(Context, id);
    }

    public Task<ResumeResult> ResumeStream(string messageId, long afterSequence) =>
        replayer.ResumeChunkByChunkAsync(Context, Clients.Caller, UserId, messageId, afterSequence);

    public Task<ResumeResult> ResumeStreamBatched(string messageId, long afterSequence) =>
        replayer.ResumeInBatchesAsync(Context, Clients.Caller, UserId, messageId, afterSequence);

    public Task<ResumeResult> ResumeStreamCompact(string messageId, long afterSequence) =>
        replayer.ResumeInCompactBatchesAsync(Context, Clients.Caller, UserId, messageId, afterSequence);

    public Task StopGenerating(string messageId) => stops.StopAsync(UserId, messageId);

    public override Task OnDisconnectedAsync(Exception? exception) => viewers.DisconnectedAsync(Context);
}
