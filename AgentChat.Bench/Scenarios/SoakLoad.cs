using System.Collections.Concurrent;
using System.Diagnostics;
using AgentChat.Bench.Clients;
using AgentChat.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace AgentChat.Bench.Scenarios;

/// <summary>
/// Load that does not stop: each tab sends its next question as soon as its answer's final chunk
/// arrives, so as many answers as there are tabs are always generating. Each tab has its own
/// conversation, so no conversation ever has two answers at once. Tallies every answer as it ends
/// and forgets its chunks, so the bench's own memory stays flat however long it runs.
/// </summary>
public sealed class SoakLoad(IReadOnlyList<StreamSlot> tabs, StepPlan plan)
{
    /// <summary>An answer that has not ended this long after it should have counts as unfinished.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(60);
    /// <summary>After a failed send, so a tab that keeps failing does not spin.</summary>
    private static readonly TimeSpan FailedSendPause = TimeSpan.FromSeconds(1);

    private readonly ConcurrentQueue<double> _stretch = new();
    private long _answers;
    private long _lost;
    private long _duplicated;
    private long _failedSends;
    private long _unfinished;
    private long _notComplete;

    public long Answers => Interlocked.Read(ref _answers);
    public long Lost => Interlocked.Read(ref _lost);
    public long Duplicated => Interlocked.Read(ref _duplicated);
    public long FailedSends => Interlocked.Read(ref _failedSends);
    /// <summary>Answers whose final chunk never came.</summary>
    public long Unfinished => Interlocked.Read(ref _unfinished);
    /// <summary>Answers that ended with a status other than complete (nothing here stops or fails one).</summary>
    public long NotComplete => Interlocked.Read(ref _notComplete);
    /// <summary>Send → final chunk over the provider's duration, one per finished answer.</summary>
    public IEnumerable<double> Stretch => _stretch;

    /// <summary>
    /// Runs until <paramref name="stop"/>, then lets the answers in flight finish. The first sends
    /// are spread over one answer's duration, so sends (and final writes) come evenly, not in waves.
    /// </summary>
    public Task RunAsync(CancellationToken stop) =>
        Task.WhenAll(tabs.Select((tab, i) => RunTabAsync(tab, TimeSpan.FromSeconds(plan.ProviderSeconds * i / tabs.Count), stop)));

    private async Task RunTabAsync(StreamSlot tab, TimeSpan offset, CancellationToken stop)
    {
        await Task.Delay(offset, CancellationToken.None);
        var deadline = TimeSpan.FromSeconds(plan.ProviderSeconds) + Grace;
        while (!stop.IsCancellationRequested)
        {
            SendMessageResult sent;
            long sentAt;
            try
            {
                (sent, sentAt) = await tab.Connection.SendAsync(tab.ConversationId, plan.Question);
            }
            catch (Exception e) when (e is HubException or InvalidOperationException or IOException)
            {
                Console.Error.WriteLine($"A soak send failed: {e.Message}");
                Interlocked.Increment(ref _failedSends);
                await Task.Delay(FailedSendPause, CancellationToken.None);
                continue;
            }
            await TallyAsync(tab.Connection, sent.AssistantMessageId, sentAt, deadline);
        }
    }

    private async Task TallyAsync(ChatClientConnection connection, Guid messageId, long sentAt, TimeSpan deadline)
    {
        var trace = connection.Trace(messageId);
        try
        {
            var final = await trace.Final.WaitAsync(deadline);
            _stretch.Enqueue(Stopwatch.GetElapsedTime(sentAt, final.Timestamp).TotalSeconds / plan.ProviderSeconds);
            if (final.Status != WireStatus.Complete)
            {
                Interlocked.Increment(ref _notComplete);
            }
        }
        catch (TimeoutException)
        {
            Interlocked.Increment(ref _unfinished);
        }
        Interlocked.Increment(ref _answers);
        Interlocked.Add(ref _lost, trace.Lost());
        Interlocked.Add(ref _duplicated, trace.Duplicated());
        connection.Forget(messageId);
    }
}
