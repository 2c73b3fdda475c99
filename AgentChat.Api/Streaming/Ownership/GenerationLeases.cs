using Microsoft.Extensions.Options;
using AgentChat.Api.Streaming.Chunks;
using StackExchange.Redis;

namespace AgentChat.Api.Streaming.Ownership;

/// <summary>
/// Leases say "a live replica is generating this message". The owner renews them; a message
/// still marked streaming whose lease has lapsed lost its owner and is recovered as interrupted.
/// </summary>
public sealed class GenerationLeases(IConnectionMultiplexer redis, IOptions<StreamingOptions> options)
{
    public string InstanceId { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    private IDatabase Db => redis.GetDatabase();

    public Task AcquireAsync(Guid messageId) =>
        Db.StringSetAsync(RedisKeys.Lease(messageId), InstanceId, options.Value.LeaseDuration);

    /// <summary>Renews many leases in one pipelined round trip.</summary>
    public async Task RenewAsync(IEnumerable<Guid> messageIds)
    {
        var db = Db;
        var writes = messageIds.Select(id => db.StringSetAsync(RedisKeys.Lease(id), InstanceId, options.Value.LeaseDuration)).ToArray();
        await Task.WhenAll(writes);
    }

    public Task ReleaseAsync(Guid messageId) => Db.KeyDeleteAsync(RedisKeys.Lease(messageId));

    public Task<bool> IsHeldAsync(Guid messageId) => Db.KeyExistsAsync(RedisKeys.Lease(messageId));

    /// <summary>Only one replica may finish an orphaned message; the claim lapses if that replica dies too.</summary>
    public Task<bool> TryClaimRecoveryAsync(Guid messageId) =>
        Db.StringSetAsync(RedisKeys.Finalizing(messageId), InstanceId, options.Value.RecoveryClaimDuration, When.NotExists);
}
