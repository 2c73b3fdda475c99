using AgentChat.Contracts;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Faults;

/// <summary>
/// Follows one answer the way docs/streaming-protocol.md asks every client to: chunks are applied
/// once each, in sequence order; a gap not filled within <see cref="GapWait"/>, or no chunk at all
/// for <see cref="IdleWait"/> while the answer streams, makes it resume (ResumeStreamCompact, as our
/// clients do; a batch's chunks count as arrived one by one) after the last chunk it applied. No
/// reconnect, no reload.
/// </summary>
public sealed class ProtocolFollower : IAsyncDisposable
{
    public static readonly TimeSpan GapWait = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan IdleWait = TimeSpan.FromSeconds(3);

    private readonly ChatConnection _chat;
    private readonly Guid _messageId;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ProtocolFollower(ChatConnection chat, Guid messageId)
    {
        _chat = chat;
        _messageId = messageId;
        _loop = Task.Run(FollowAsync);
    }

    public int Resumes { get; private set; }

    /// <summary>The chunks as applied: each sequence once, in order, up to the first gap.</summary>
    public IReadOnlyList<MessageChunk> Applied
    {
        get
        {
            var bySequence = _chat.ChunksOf(_messageId).GroupBy(c => c.Sequence).ToDictionary(g => g.Key, g => g.First());
            var applied = new List<MessageChunk>();
            while (bySequence.TryGetValue(applied.Count + 1, out var next))
            {
                applied.Add(next);
            }
            return applied;
        }
    }

    public async Task<IReadOnlyList<MessageChunk>> WaitForFinalAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Applied is not [.., { IsComplete: true }])
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Applied {Applied.Count} chunks and never the final one after {Resumes} resumes.");
            }
            await Task.Delay(50);
        }
        return Applied;
    }

    private async Task FollowAsync()
    {
        var seen = 0;
        var changedAt = DateTime.UtcNow;
        while (!_stop.IsCancellationRequested)
        {
            await Task.Delay(200);
            var arrived = _chat.ChunksOf(_messageId);
            var applied = Applied;
            if (applied is [.., { IsComplete: true }])
            {
                return;
            }
            if (arrived.Count != seen)
            {
                (seen, changedAt) = (arrived.Count, DateTime.UtcNow);
            }
            var gap = arrived.Any(c => c.Sequence > applied.Count + 1);
            var waited = DateTime.UtcNow - changedAt;
            if ((gap && waited >= GapWait) || waited >= IdleWait)
            {
                try
                {
                    Resumes++;
                    await _chat.ResumeAsync(_messageId, applied.Count);
                }
                catch (Exception)
                {
                    // The server is in the middle of its own outage: ask again next round.
                }
                changedAt = DateTime.UtcNow;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
    }
}
