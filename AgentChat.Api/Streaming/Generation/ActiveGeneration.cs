using AgentChat.Api.Conversations;
using AgentChat.Api.Streaming.Chunks;
using AgentChat.Contracts;

namespace AgentChat.Api.Streaming.Generation;

/// <summary>
/// One answer being generated on this replica. Owned by the server, not by any connection:
/// only a stop request, a shutdown or the time limit cancels it. Created, registered, timed and
/// disposed by <see cref="GenerationRunner"/> alone.
/// </summary>
public sealed class ActiveGeneration : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly TaskCompletionSource _modelEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ITimer _limit;
    private int _reason;
    private int _logMayBeLost;

    internal ActiveGeneration(PreparedTurn turn, long requestedAtTimestamp, TimeSpan limit, TimeProvider time)
    {
        Turn = turn;
        Answer = new AnswerChunks(turn.AnswerId, turn.ConversationId, turn.AgentId);
        Keys = new AnswerKeys(Answer);
        _published = new PublishedChunks(Answer);
        RequestedAtTimestamp = requestedAtTimestamp;
        _limit = time.CreateTimer(_ => Stop(StopReason.Timeout), null, limit, Timeout.InfiniteTimeSpan);
    }

    public PreparedTurn Turn { get; }
    public AnswerChunks Answer { get; }
    public AnswerKeys Keys { get; }
    public Guid MessageId => Answer.MessageId;
    public long RequestedAtTimestamp { get; }
    public CancellationToken Token => _cancellation.Token;
    public StopReason Reason => (StopReason)Volatile.Read(ref _reason);
    public Task Completion { get; internal set; } = Task.CompletedTask;

    private readonly PublishedChunks _published;

    internal void AddPublished(MessageChunk chunk) => _published.Add(chunk);

    internal IReadOnlyList<MessageChunk> PublishedSoFar() => _published.ToList();

    internal IReadOnlyList<MessageChunk> Published(long first, long last) => _published.Range(first, last);

    /// <summary>The last sequence handed to a sealed segment of the log; written by the publish loop alone.</summary>
    internal long SealedThrough { get; set; }

    /// <summary>Whose answer this is, written with each sealed segment.</summary>
    internal SegmentOwner SegmentOwner => new(Turn.UserId, Turn.ConversationId, Turn.AgentId);

    /// <summary>The segment writes so far, one after another (each awaits the one before).</summary>
    internal Task Sealing { get; set; } = Task.CompletedTask;

    /// <summary>
    /// Completes once the model has handed over its last token (it finished, failed or was
    /// stopped): from then on no token can join a chunk, so the publisher stops waiting to merge.
    /// </summary>
    internal Task ModelEnded => _modelEnded.Task;

    internal void EndModel() => _modelEnded.TrySetResult();

    /// <summary>Redis reconnected: the log may have lost its head and is checked before the next chunk.</summary>
    public void SuspectLogLoss() => Volatile.Write(ref _logMayBeLost, 1);

    internal bool TakeLogLossSuspicion() => Interlocked.Exchange(ref _logMayBeLost, 0) == 1;

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

    public void Dispose()
    {
        _limit.Dispose();
        _cancellation.Dispose();
    }
}
