using AgentChat.Api.Data;
using AgentChat.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AgentChat.Api.Streaming;

/// <summary>
/// Finds answers whose owner died (still streaming in PostgreSQL, no lease in Redis) and finishes
/// them as <c>interrupted</c> with the partial text from the chunk log, so nothing stays
/// "streaming" forever. A lease must be missing on two looks a lease period apart, so a short
/// Redis restart (which drops leases until their owners renew them) interrupts nothing.
/// </summary>
public sealed class InterruptedStreamRecovery(
    IServiceScopeFactory scopes,
    GenerationRegistry registry,
    GenerationLeases leases,
    ChunkLog log,
    ChunkPublisher publisher,
    MessageStore store,
    StreamingTelemetry telemetry,
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
        var leaseDuration = options.Value.LeaseDuration;
        var startedBefore = now - leaseDuration;
        List<Candidate> candidates;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
            candidates = await db.Messages.AsNoTracking()
                .Where(m => m.Status == MessageStatus.Streaming && m.CreatedAt < startedBefore)
                .OrderBy(m => m.CreatedAt).Take(200)
                .Select(m => new Candidate(m.Id, m.ConversationId, m.AgentId ?? Guid.Empty))
                .ToListAsync(cancellationToken);
        }

        var seen = candidates.Select(c => c.MessageId).ToHashSet();
        foreach (var gone in _suspects.Keys.Where(id => !seen.Contains(id)).ToList())
        {
            _suspects.Remove(gone);
        }

        foreach (var candidate in candidates)
        {
            if (registry.TryGet(candidate.MessageId, out _) || await leases.IsHeldAsync(candidate.MessageId))
            {
                _suspects.Remove(candidate.MessageId);
                continue;
            }
            if (!_suspects.TryGetValue(candidate.MessageId, out var firstSeen))
            {
                _suspects[candidate.MessageId] = now;
                continue;
            }
            if (now - firstSeen < leaseDuration || !await leases.TryClaimRecoveryAsync(candidate.MessageId))
            {
                continue;
            }
            _suspects.Remove(candidate.MessageId);
            await RecoverAsync(candidate);
        }
    }

    private sealed record Candidate(Guid MessageId, Guid ConversationId, Guid AgentId);

    private async Task RecoverAsync(Candidate candidate)
    {
        var logged = await log.ReadAllAsync(candidate.MessageId);
        // The owner may have logged its final chunk and died before PostgreSQL heard of it.
        var status = logged?.FinalStatus is { } final ? Enum.Parse<MessageStatus>(final, ignoreCase: true) : MessageStatus.Interrupted;
        var error = status == MessageStatus.Failed ? logged?.FinalText : null;
        await store.CompleteAsync(candidate.MessageId,
            new MessageStore.Outcome(logged?.Content ?? "", status, error, time.GetUtcNow(), null, null), onlyIfStreaming: true);
        if (logged?.FinalStatus is null)
        {
            await publisher.PublishAsync(new MessageChunk(candidate.MessageId, candidate.ConversationId, candidate.AgentId,
                (logged?.LastSequence ?? 0) + 1, "", IsComplete: true, MessageStatus.Interrupted.ToWire()));
        }
        telemetry.Outcomes.Add(1, new KeyValuePair<string, object?>(StreamingTelemetry.StatusTag, status.ToWire()));
        logger.LogWarning("Recovered {MessageId}, whose owner stopped answering, as {Status}", candidate.MessageId, status);
    }
}
