using AgentChat.Api.Data;
using AgentChat.Api.Streaming.Chunks;
using AgentChat.Api.Streaming.Generation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AgentChat.Api.Streaming.Ownership;

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
    AnswerCompletion completion,
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
                .OrderBy(m => m.CreatedAt).Take(options.Value.RecoveryBatchSize)
                .Select(m => new Candidate(new AnswerChunks(m.Id, m.ConversationId, m.AgentId ?? Guid.Empty), m.Model))
                .ToListAsync(cancellationToken);
        }

        var seen = candidates.Select(c => c.Answer.MessageId).ToHashSet();
        foreach (var gone in _suspects.Keys.Where(id => !seen.Contains(id)).ToList())
        {
            _suspects.Remove(gone);
        }

        foreach (var candidate in candidates)
        {
            var messageId = candidate.Answer.MessageId;
            if (registry.TryGet(messageId, out _) || await leases.IsHeldAsync(messageId))
            {
                _suspects.Remove(messageId);
                continue;
            }
            if (!_suspects.TryGetValue(messageId, out var firstSeen))
            {
                _suspects[messageId] = now;
                continue;
            }
            if (now - firstSeen < leaseDuration || !await leases.TryClaimRecoveryAsync(messageId))
            {
                continue;
            }
            _suspects.Remove(messageId);
            await RecoverAsync(candidate);
        }
    }

    private sealed record Candidate(AnswerChunks Answer, string? Model);

    private async Task RecoverAsync(Candidate candidate)
    {
        var logged = await log.ReadAllAsync(candidate.Answer.MessageId);
        // The owner may have logged its final chunk and died before PostgreSQL heard of it.
        var status = logged?.FinalStatus is { } final ? Enum.Parse<MessageStatus>(final, ignoreCase: true) : MessageStatus.Interrupted;
        var error = status == MessageStatus.Failed ? logged?.FinalText : null;
        var details = logged is null ? null : new AnswerDetails(logged.Reasoning, null,
            (logged.ToolCalls ?? []).Select(AnswerParts.EndedIfRunning).ToList(), logged.Usage);
        var end = new AnswerEnd(logged?.Content ?? "", status, error, logged?.LastSequence ?? 0, Model: candidate.Model, Details: details);
        if (await completion.FinishAsync(candidate.Answer, end, onlyIfStreaming: true, finalAlreadyLogged: logged?.FinalStatus is not null))
        {
            logger.LogWarning("Recovered {MessageId}, whose owner stopped answering, as {Status}", candidate.Answer.MessageId, status);
        }
    }
}
