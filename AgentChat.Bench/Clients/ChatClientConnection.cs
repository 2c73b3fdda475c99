using System.Collections.Concurrent;
using System.Diagnostics;
using AgentChat.Contracts;
using AgentChat.LocalServices;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace AgentChat.Bench.Clients;

/// <summary>
/// One simulated browser tab: the real .NET SignalR client over WebSockets, stamping every chunk
/// with its arrival time as it comes off the socket (every chunk of a replayed batch with the
/// batch's, since none of them can be shown before the batch is in).
/// </summary>
public sealed class ChatClientConnection : IAsyncDisposable
{
    private const string LimitMessage = "answers generating";
    private const int LimitAttempts = 50;
    private static readonly TimeSpan LimitRetryDelay = TimeSpan.FromMilliseconds(100);
    private readonly HubConnection _hub;
    private readonly ConcurrentDictionary<Guid, StreamTrace> _traces = new();

    private ChatClientConnection(HubConnection hub)
    {
        _hub = hub;
        // Chunks can come before SendMessage returns the id, so traces start on the first chunk.
        hub.On<MessageChunk>(ChatHubMethods.MessageChunk, chunk => Trace(chunk.MessageId).Record(chunk, Stopwatch.GetTimestamp()));
        hub.On<MessageChunkBatch>(ChatHubMethods.MessageChunkBatch, batch =>
        {
            var arrivedAt = Stopwatch.GetTimestamp();
            var trace = Trace(batch.MessageId);
            foreach (var chunk in batch.Expand())
            {
                trace.Record(chunk, arrivedAt);
            }
        });
    }

    public static async Task<ChatClientConnection> ConnectAsync(Uri server, string accessToken)
    {
        var hub = HubConnections.Create(server, accessToken);
        // Long streams at the top of the ladder must not be cut by a missed keep-alive on a busy machine.
        hub.ServerTimeout = TimeSpan.FromMinutes(2);
        var connection = new ChatClientConnection(hub);
        await hub.StartAsync();
        return connection;
    }

    public StreamTrace Trace(Guid messageId) => _traces.GetOrAdd(messageId, _ => new StreamTrace());

    /// <summary>Drops a finished message's trace, so a long run does not keep every chunk it ever saw.</summary>
    public void Forget(Guid messageId) => _traces.TryRemove(messageId, out _);

    /// <summary>Forgets what arrived for a message, so a replay is traced on its own.</summary>
    public StreamTrace RestartTrace(Guid messageId)
    {
        var trace = new StreamTrace();
        _traces[messageId] = trace;
        return trace;
    }

    /// <summary>
    /// Sends, waiting out the per-user limit if need be: an answer's final chunk goes out before its
    /// final database write, so a user who sends again at once may still have it counted as
    /// generating. Returns when the accepted attempt was sent, which is what latencies count from.
    /// </summary>
    public async Task<(SendMessageResult Result, long SentAt)> SendAsync(Guid conversationId, string content)
    {
        for (var attempt = 1; ; attempt++)
        {
            var sentAt = Stopwatch.GetTimestamp();
            try
            {
                return (await _hub.InvokeAsync<SendMessageResult>(ChatHubMethods.SendMessage, conversationId.ToString(), content), sentAt);
            }
            catch (HubException e) when (e.Message.Contains(LimitMessage, StringComparison.Ordinal) && attempt < LimitAttempts)
            {
                await Task.Delay(LimitRetryDelay);
            }
        }
    }

    /// <summary>What a tab does when it opens a conversation: subscribe to its live chunks.</summary>
    public Task JoinAsync(Guid conversationId) => _hub.InvokeAsync(ChatHubMethods.JoinConversation, conversationId.ToString());

    /// <summary>Resumes as the browser does: the log's chunks come back in compact batches.</summary>
    public Task<ResumeResult> ResumeAsync(Guid messageId, long afterSequence) =>
        _hub.InvokeAsync<ResumeResult>(ChatHubMethods.ResumeStreamCompact, messageId.ToString(), afterSequence);

    public Task StopAsync(Guid messageId) => _hub.InvokeAsync(ChatHubMethods.StopGenerating, messageId.ToString());

    public async ValueTask DisposeAsync() => await _hub.DisposeAsync();
}
