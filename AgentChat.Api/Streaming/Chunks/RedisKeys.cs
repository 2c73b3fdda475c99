namespace AgentChat.Api.Streaming.Chunks;

/// <summary>Every Redis key and channel the streaming pipeline uses, in one place.</summary>
public static class RedisKeys
{
    public const string StopChannel = "agentchat:stop";
    public const string SignalRPrefix = "agentchat:signalr";

    public static string Log(Guid messageId) => $"agentchat:msg:{messageId:N}:log";

    /// <summary>A hash of the log's sealed segments, each keyed by its first sequence (<see cref="LogSegment"/>).</summary>
    public static string Segments(Guid messageId) => $"agentchat:msg:{messageId:N}:segments";

    public static string Lease(Guid messageId) => $"agentchat:msg:{messageId:N}:lease";

    /// <summary>
    /// A channel each replica subscribes to for as long as it lives: Redis drops the subscription
    /// the moment the process dies, so its subscriber count tells at once whether the owner is alive.
    /// </summary>
    public static string Presence(string instanceId) => $"agentchat:replica:{instanceId}:alive";

    /// <summary>The replicas with a connection watching the conversation live (a set of instance ids).</summary>
    public static string Viewers(Guid conversationId) => $"agentchat:conv:{conversationId:N}:viewers";

    /// <summary>Where chunks of answers generated elsewhere reach a replica with viewers of them.</summary>
    public static string ChunkInbox(string instanceId) => ChunkInboxPrefix + instanceId + ChunkInboxSuffix;

    // Apart, for the chunk log's script, which builds each other replica's inbox in Redis.
    public const string ChunkInboxPrefix = "agentchat:replica:";
    public const string ChunkInboxSuffix = ":chunks";

    public static string Finalizing(Guid messageId) => $"agentchat:msg:{messageId:N}:finalizing";

    /// <summary>
    /// Stream entry ids are the sequence itself (<c>0-n</c>): XADD refuses a duplicate, so a
    /// retried write after a timeout can never log a chunk twice, and a range read by sequence is exact.
    /// </summary>
    public static string EntryId(long sequence) => $"0-{sequence}";

    public static long SequenceOf(string entryId) => long.Parse(entryId.AsSpan(entryId.IndexOf('-') + 1));
}
