namespace AgentChat.Api.Streaming;

public enum StopReason
{
    None,
    UserStop,
    Shutdown,
    Timeout
}

/// <summary>
/// One answer being generated on this replica. Owned by the server, not by any connection:
/// only a stop request, a shutdown or the time limit cancels it.
/// </summary>
public sealed class ActiveGeneration(Guid messageId, Guid conversationId, Guid agentId, string userId) : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private int _reason;
    private ITimer? _limit;

    public Guid MessageId { get; } = messageId;
    public Guid ConversationId { get; } = conversationId;
    public Guid AgentId { get; } = agentId;
    public string UserId { get; } = userId;
    public CancellationToken Token => _cancellation.Token;
    public StopReason Reason => (StopReason)Volatile.Read(ref _reason);
    public Task Completion { get; set; } = Task.CompletedTask;

    /// <summary>The first reason wins: a user's stop stays a stop even if shutdown follows.</summary>
    public void Stop(StopReason reason)
    {
        Interlocked.CompareExchange(ref _reason, (int)reason, (int)StopReason.None);
        try
        {
            _cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void StopAfter(TimeSpan limit, TimeProvider time) =>
        _limit = time.CreateTimer(_ => Stop(StopReason.Timeout), null, limit, Timeout.InfiniteTimeSpan);

    public void Dispose()
    {
        _limit?.Dispose();
        _cancellation.Dispose();
    }
}
