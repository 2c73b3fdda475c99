using AgentChat.Api.Common;
using AgentChat.Api.Streaming.Generation;
using Microsoft.Extensions.Options;

namespace AgentChat.Api.Streaming.Ownership;

/// <summary>Keeps this replica's leases alive while its generations run.</summary>
public sealed class LeaseRenewer(GenerationRegistry registry, GenerationLeases leases, IOptions<StreamingOptions> options,
    TimeProvider time, ILogger<LeaseRenewer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.LeaseRenewInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var ids = registry.MessageIds;
            if (ids.Count == 0)
            {
                continue;
            }
            try
            {
                await leases.RenewAsync(ids);
            }
            catch (Exception e) when (e.IsRedisFault())
            {
                logger.LogWarning("Renewing {Count} leases failed: {Error}", ids.Count, e.GetType().Name);
            }
        }
    }
}
