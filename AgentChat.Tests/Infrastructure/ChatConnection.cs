using System.Collections.Concurrent;
using AgentChat.Contracts;
using AgentChat.LocalServices;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;

namespace AgentChat.Tests.Infrastructure;

/// <summary>
/// A real .NET SignalR client over WebSockets, recording every chunk it receives, in arrival order:
/// a replayed batch's chunks one after another, in the batch's order, as if each came on its own.
/// </summary>
public sealed class ChatConnection : IAsyncDisposable
{
    private readonly ConcurrentQueue<MessageChunk> _received = new();
    private readonly ConcurrentQueue<MessageChunk[]> _batches = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private ChatConnection(HubConnection hub)
    {
        Hub = hub;
        hub.On<MessageChunk>(ChatHubMethods.MessageChunk, chunk =>
        {
            _received.Enqueue(chunk);
            _arrived.Release();
        });
        hub.On<MessageChunk[]>(ChatHubMethods.MessageChunks, Receive);
        hub.On<MessageChunkBatch>(ChatHubMethods.MessageChunkBatch, batch => Receive(batch.Expand()));
    }

    private void Receive(MessageChunk[] batch)
    {
        _batches.Enqueue(batch);
        foreach (var chunk in batch)
        {
            _received.Enqueue(chunk);
        }
        _arrived.Release();
    }

    public HubConnection Hub { get; }

    /// <summary>Connects with the token in the query string, as browsers must for WebSockets.</summary>
    public static Task<ChatConnection> ConnectAsync(Uri server, string? accessToken) =>
        StartAsync(HubConnections.Create(server, accessToken));

    public static Task<ChatConnection> ConnectAsync(Uri server, Action<HttpConnectionOptions> authenticate) =>
        StartAsync(HubConnections.Create(server, authenticate));

    private static async Task<ChatConnection> StartAsync(HubConnection hub)
    {
        var connection = new ChatConnection(hub);
        await hub.StartAsync();
        return connection;
    }

    public IReadOnlyList<MessageChunk> ChunksOf(Guid messageId) => _received.Where(c => c.MessageId == messageId).ToList();

    public IReadOnlyList<MessageChunk> All => _received.ToList();

    /// <summary>The replayed batches of a message (<see cref="ChatHubMethods.MessageChunkBatch"/> expanded, or <see cref="ChatHubMethods.MessageChunks"/>), as they came.</summary>
    public IReadOnlyList<MessageChunk[]> BatchesOf(Guid messageId) => _batches.Where(b => b[0].MessageId == messageId).ToList();

    public Task<SendMessageResult> SendAsync(Guid conversationId, string content) =>
        Hub.InvokeAsync<SendMessageResult>(ChatHubMethods.SendMessage, conversationId.ToString(), content);

    /// <summary>Resumes as our clients do: replayed chunks come in compact batches.</summary>
    public Task<ResumeResult> ResumeAsync(Guid messageId, long afterSequence) =>
        Hub.InvokeAsync<ResumeResult>(ChatHubMethods.ResumeStreamCompact, messageId.ToString(), afterSequence);

    /// <summary>Resumes as a protocol version 2 client: replayed chunks come as arrays of whole chunks.</summary>
    public Task<ResumeResult> ResumeBatchedAsync(Guid messageId, long afterSequence) =>
        Hub.InvokeAsync<ResumeResult>(ChatHubMethods.ResumeStreamBatched, messageId.ToString(), afterSequence);

    /// <summary>Resumes as a client that knows only <see cref="ChatHubMethods.ResumeStream"/>: a call per replayed chunk.</summary>
    public Task<ResumeResult> ResumeChunkByChunkAsync(Guid messageId, long afterSequence) =>
        Hub.InvokeAsync<ResumeResult>(ChatHubMethods.ResumeStream, messageId.ToString(), afterSequence);

    public Task StopAsync(Guid messageId) => Hub.InvokeAsync(ChatHubMethods.StopGenerating, messageId.ToString());

    /// <summary>Waits until the chunks of a message satisfy <paramref name="condition"/>.</summary>
    public async Task<IReadOnlyList<MessageChunk>> WaitForAsync(Guid messageId, Func<IReadOnlyList<MessageChunk>, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var chunks = ChunksOf(messageId);
            if (condition(chunks))
            {
                return chunks;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"Chunks of {messageId} never met the condition; have {chunks.Count}: " +
                                           string.Join(",", chunks.Select(c => $"{c.Sequence}{(c.IsComplete ? c.Status : "")}")));
            }
            await _arrived.WaitAsync(TimeSpan.FromMilliseconds(Math.Min(200, left.TotalMilliseconds)));
        }
    }

    public Task<IReadOnlyList<MessageChunk>> WaitForFinalAsync(Guid messageId, TimeSpan? timeout = null) =>
        WaitForAsync(messageId, chunks => chunks.Any(c => c.IsComplete), timeout);

    public Task<IReadOnlyList<MessageChunk>> WaitForSequenceAsync(Guid messageId, long sequence, TimeSpan? timeout = null) =>
        WaitForAsync(messageId, chunks => chunks.Any(c => c.Sequence >= sequence), timeout);

    public async ValueTask DisposeAsync() => await Hub.DisposeAsync();
}
