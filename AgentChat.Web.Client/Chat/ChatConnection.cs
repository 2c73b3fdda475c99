using AgentChat.Contracts;
using Microsoft.AspNetCore.SignalR.Client;

namespace AgentChat.Web.Client.Chat;

/// <summary>
/// The browser's own SignalR connection to <c>/hubs/chat</c> on the page's origin (Web proxies it
/// to the Api; the Identity cookie authenticates it). Reconnects with <see cref="ReconnectBackoff"/>
/// and tells the page when it did, so the page can resume every answer still streaming.
/// </summary>
public sealed class ChatConnection : IAsyncDisposable
{
    private readonly HubConnection _hub;
    private readonly CancellationTokenSource _disposed = new();
    private readonly ReconnectBackoff _backoff = new();

    public ChatConnection(Uri hubUrl)
    {
        _hub = new HubConnectionBuilder()
            .WithUrl(hubUrl)
            .WithAutomaticReconnect(_backoff)
            .Build();
        _hub.On<MessageChunk>(ChatHubMethods.MessageChunk, chunk => ChunkReceived?.Invoke(chunk));
        _hub.On<MessageChunkBatch>(ChatHubMethods.MessageChunkBatch, batch => ReceiveBatch(batch.Expand()));
        _hub.On<ConversationTitleChanged>(ChatHubMethods.ConversationTitleChanged, title => TitleChanged?.Invoke(title));
        _hub.On<ConversationSummary>(ChatHubMethods.ConversationCreated, created => ConversationCreated?.Invoke(created));
        _hub.On<ConversationDeleted>(ChatHubMethods.ConversationDeleted, deleted => ConversationDeleted?.Invoke(deleted));
        _hub.On<LastTurnRetracted>(ChatHubMethods.LastTurnRetracted, retracted => LastTurnRetracted?.Invoke(retracted));
        _hub.Reconnecting += _ => Notify(ConnectionState.Reconnecting);
        _hub.Reconnected += _ => AfterReconnectAsync();
        // Automatic reconnect gives up only when signed out, so otherwise Closed means a failed
        // handshake or our own disposal: start over unless the page is gone.
        _hub.Closed += async error =>
        {
            if (_disposed.IsCancellationRequested)
            {
                return;
            }
            if (_backoff.GaveUpSignedOut || ReconnectBackoff.IsSignedOut(error))
            {
                await Notify(ConnectionState.SignedOut);
                return;
            }
            await Notify(ConnectionState.Reconnecting);
            await StartAsync(_disposed.Token);
            if (State == ConnectionState.Connected)
            {
                await AfterReconnectAsync();
            }
        };
    }

    public event Action<MessageChunk>? ChunkReceived;
    public event Action<ConversationTitleChanged>? TitleChanged;
    public event Action<ConversationSummary>? ConversationCreated;
    public event Action<ConversationDeleted>? ConversationDeleted;
    public event Action<LastTurnRetracted>? LastTurnRetracted;
    public event Action<ConnectionState>? StateChanged;

    /// <summary>Runs after a reconnect: the page rejoins its conversation and resumes streams.</summary>
    public Func<Task>? Reconnected { get; set; }

    public ConnectionState State { get; private set; } = ConnectionState.Connecting;

    /// <summary>
    /// Connects, retrying with the same backoff while the server cannot be reached (not when signed
    /// out). Returns quietly if the connection is disposed meanwhile (the page moved on).
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        var token = linked.Token;
        var policy = new ReconnectBackoff();
        try
        {
            for (var attempt = 0L; ; attempt++)
            {
                try
                {
                    await _hub.StartAsync(token);
                    await Notify(ConnectionState.Connected);
                    return;
                }
                catch (Exception error) when (ReconnectBackoff.IsSignedOut(error))
                {
                    await Notify(ConnectionState.SignedOut);
                    return;
                }
                catch (Exception) when (!token.IsCancellationRequested && _hub.State == HubConnectionState.Disconnected)
                {
                    await Notify(ConnectionState.Reconnecting);
                    var delay = policy.NextRetryDelay(new RetryContext { PreviousRetryCount = attempt }) ?? TimeSpan.FromSeconds(5);
                    await Task.Delay(delay < TimeSpan.FromMilliseconds(250) ? TimeSpan.FromMilliseconds(250) : delay, token);
                }
            }
        }
        catch (Exception) when (_disposed.IsCancellationRequested)
        {
        }
    }

    public Task<SendMessageResult> SendMessageAsync(Guid conversationId, string content) =>
        _hub.InvokeAsync<SendMessageResult>(ChatHubMethods.SendMessage, conversationId.ToString(), content);

    public Task JoinConversationAsync(Guid conversationId) =>
        _hub.InvokeAsync(ChatHubMethods.JoinConversation, conversationId.ToString());

    /// <summary>Replays the logged chunks after <paramref name="afterSequence"/> in compact batches, then follows live.</summary>
    public Task<ResumeResult> ResumeStreamAsync(Guid messageId, long afterSequence) =>
        _hub.InvokeAsync<ResumeResult>(ChatHubMethods.ResumeStreamCompact, messageId.ToString(), afterSequence);

    public Task StopGeneratingAsync(Guid messageId) =>
        _hub.InvokeAsync(ChatHubMethods.StopGenerating, messageId.ToString());

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync();
        Reconnected = null;
        ChunkReceived = null;
        TitleChanged = null;
        ConversationCreated = null;
        ConversationDeleted = null;
        LastTurnRetracted = null;
        StateChanged = null;
        await _hub.DisposeAsync();
    }

    /// <summary>A replayed batch's chunks go to the page one by one, in order, exactly as single chunks would.</summary>
    private void ReceiveBatch(MessageChunk[] batch)
    {
        foreach (var chunk in batch)
        {
            ChunkReceived?.Invoke(chunk);
        }
    }

    private async Task AfterReconnectAsync()
    {
        await Notify(ConnectionState.Connected);
        if (Reconnected is { } handler)
        {
            await handler();
        }
    }

    private Task Notify(ConnectionState state)
    {
        State = state;
        StateChanged?.Invoke(state);
        return Task.CompletedTask;
    }
}
