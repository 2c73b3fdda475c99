namespace AgentChat.Api.Streaming.Generation;

/// <summary>
/// On a graceful shutdown (a deploy, a scale-in) the answers this replica generates end as
/// <c>interrupted</c> with their partial text saved, rather than waiting for recovery.
/// </summary>
public sealed class GenerationShutdown(GenerationRegistry registry, ILogger<GenerationShutdown> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var running = registry.Snapshot();
        if (running.Count == 0)
        {
            return;
        }
        logger.LogInformation("Interrupting {Count} generations for shutdown", running.Count);
        foreach (var generation in running)
        {
            generation.Stop(StopReason.Shutdown);
        }
        await Task.WhenAll(running.Select(g => g.Completion)).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
