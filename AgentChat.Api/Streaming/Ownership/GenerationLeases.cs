using AgentChat.Api.Streaming.Chunks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AgentChat.Api.Streaming.Ownership;

/// <summary>
/// Leases say "this replica is generating this message"; a replica's presence subscription
/// (<see cref="ReplicaPresence"/>) says "this replica is alive". An answer still streaming whose
/// lease names a replica that is gone lost its owner (recovered within seconds); one with no lease
/// at all is recovered after a lease period.
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

    /// <summary>For each message: whether it has a lease, and whether the replica named in it is alive (two round trips).</summary>
    public async Task<IReadOnlyList<LeaseState>> StatesAsync(IReadOnlyList<Guid> messageIds)
    {
        if (messageIds.Count == 0)
        {
            return [];
        }
        var owners = await Db.StringGetAsync(messageIds.Select(id => (RedisKey)RedisKeys.Lease(id)).ToArray());
        var named = owners.Where(o => o.HasValue).Select(o => (string)o!).Distinct().ToArray();
        var alive = await AliveAsync(named);
        return owners.Select(o => !o.HasValue ? LeaseState.None : alive.Contains((string)o!) ? LeaseState.OwnerAlive : LeaseState.OwnerDead).ToArray();
    }

    private async Task<HashSet<string>> AliveAsync(string[] instanceIds)
    {
        if (instanceIds.Length == 0)
        {
            return [];
        }
        // PUBSUB NUMSUB ch1 ch2 … answers ch1, count1, ch2, count2, …
        var reply = (RedisResult[])(await Db.ExecuteAsync("PUBSUB", ["NUMSUB", .. instanceIds.Select(id => (object)RedisKeys.Presence(id))]))!;
        var alive = new HashSet<string>();
        for (var i = 0; i < instanceIds.Length; i++)
        {
            if ((long)reply[2 * i + 1] > 0)
            {
                alive.Add(instanceIds[i]);
            }
        }
        return alive;
    }

    /// <summary>Only one replica may finish an orphaned message; the claim lapses if that replica dies too.</summary>
    public Task<bool> TryClaimRecoveryAsync(Guid messageId) =>
        Db.StringSetAsync(RedisKeys.Finalizing(messageId), InstanceId, options.Value.RecoveryClaimDuration, When.NotExists);
}

public enum LeaseState
{
    /// <summary>No lease: the owner has not taken it yet, died long ago, or Redis lost it.</summary>
    None,
    OwnerAlive,
    OwnerDead
}
