using AgentChat.Api.Data;
using AgentChat.Api.Streaming.Chunks;
using AgentChat.Api.Streaming.Generation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AgentChat.Api.Streaming.Ownership;

/// <summary>
/// Finds answers whose owner died and finishes them as <c>interrupted</c> with the partial text
/// from the chunk log, so nothing stays "streaming" forever. An owner whose presence vanished is
/// dead once two looks <see cref="StreamingOptions.OwnerDeathConfirmation"/> apart agree (seconds); an answer with no lease at all
/// must be seen so on two looks a lease period apart, so a short Redis restart (which drops
/// leases until their owners renew them) interrupts nothing.
/// </summary>
public sealed class InterruptedStreamRecovery(
    IServiceScopeFactory scopes,
    GenerationRegistry registry,
    GenerationLeases leases,
    OrphanedAnswers orphans,
    IOptions<StreamingOptions> options,
    TimeProvider time,
    ILogger<InterruptedStreamRecovery> logger) : BackgroundService
{
    private readonly Dictionary<Guid, DateTimeOffset> _suspects = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Recovery sweep failed; trying again next round");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        List<Candidate> candidates;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
            candidates = await db.Messages.AsNoTracking()
                .Where(m => m.Status == MessageStatus.Streaming)
                .OrderBy(m => m.CreatedAt).Take(options.Value.RecoveryBatchSize)
                .Select(m => new Candidate(new AnswerChunks(m.Id, m.ConversationId, m.AgentId ?? Guid.Empty), m.Model, m.CreatedAt))
                .ToListAsync(cancellationToken);
        }
        // Answers generating here are alive by definition; only the others cost a look in Redis.
        var elsewhere = candidates.Where(c => !registry.TryGet(c.Answer.MessageId, out _)).ToList();
        var states = await leases.StatesAsync(elsewhere.Select(c => c.Answer.MessageId).ToList());

        var seen = elsewhere.Select(c => c.Answer.MessageId).ToHashSet();
        foreach (var gone in _suspects.Keys.Where(id => !seen.Contains(id)).ToList())
        {
            _suspects.Remove(gone);
        }

        for (var i = 0; i < elsewhere.Count; i++)
        {
            var candidate = elsewhere[i];
            var messageId = candidate.Answer.MessageId;
            var confirmAfter = states[i] switch
            {
                LeaseState.OwnerDead => options.Value.OwnerDeathConfirmation,
                // No lease: a brand-new answer may not have taken it yet; after a Redis restart the
                // owners renew theirs within a renewal interval. Wait a whole lease period.
                LeaseState.None when now - candidate.CreatedAt >= options.Value.LeaseDuration => options.Value.LeaseDuration,
                _ => (TimeSpan?)null
            };
            if (confirmAfter is null)
            {
                _suspects.Remove(messageId);
                continue;
            }
            if (!_suspects.TryGetValue(messageId, out var firstSeen))
            {
                _suspects[messageId] = now;
                continue;
            }
            // Seen orphaned twice, far enough apart that a live owner would have shown itself.
            if (now - firstSeen < confirmAfter || !await leases.TryClaimRecoveryAsync(messageId))
            {
                continue;
            }
            _suspects.Remove(messageId);
            await RecoverAsync(candidate, MessageStatus.Interrupted);
        }
    }

    private sealed record Candidate(AnswerChunks Answer, string? Model, DateTimeOffset CreatedAt);

    private async Task RecoverAsync(Candidate candidate, MessageStatus ending)
    {
        if (await orphans.FinishAsync(candidate.Answer, candidate.Model, ending))
        {
            logger.LogWarning("Recovered {MessageId}, whose owner stopped answering", candidate.Answer.MessageId);
        }
    }
}
