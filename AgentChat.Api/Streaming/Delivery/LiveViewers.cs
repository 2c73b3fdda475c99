using System.Collections.Concurrent;
using AgentChat.Api.Common;
using AgentChat.Api.Streaming.Chunks;
using AgentChat.Api.Streaming.Hubs;
using AgentChat.Api.Streaming.Ownership;
using AgentChat.Contracts;
using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace AgentChat.Api.Streaming.Delivery;

/// <summary>
/// Who watches which conversation live, on this replica, and which replicas watch it at all.
/// A connection joins a conversation (after an ownership check) and gets its chunks from then on.
/// Locally that is a dictionary the publisher reads; in Redis, the first local viewer of a
/// conversation puts this replica in the conversation's viewer set (<see cref="RedisKeys.Viewers"/>),
/// so an answer generated elsewhere is forwarded here (<see cref="ChunkPublisher"/>), and the last
/// one to leave takes it out. Joining awaits that write: chunks logged before it are in the log for
/// the joiner's replay, chunks after it are forwarded.
/// </summary>
public sealed class LiveViewers(
    IConnectionMultiplexer redis,
    GenerationLeases leases,
    HubLifetimeManager<ChatHub> connections,
    ILogger<LiveViewers> logger) : IHostedService
{
    /// <summary>
    /// A viewer set outlives its last write by this long, so one left by a replica that died is
    /// gone in time; every live replica writes its own again well within it (<see cref="RefreshInterval"/>).
    /// </summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(1);
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromHours(1);

    private const string JoinedKey = "agentchat.joined-conversations";

    private readonly ConcurrentDictionary<Guid, Conversation> _conversations = new();
    private CancellationTokenSource? _stopping;
    private Task _refreshing = Task.CompletedTask;

    public string InstanceId => leases.InstanceId;

    /// <summary>
    /// Whether this replica is connected to Redis: every chunk is logged there before any viewer
    /// gets it, so without it a new answer could show nothing (an outage mid-answer is retried).
    /// </summary>
    public bool CanDeliver => redis.IsConnected;

    /// <summary>
    /// Sends the chunk to the connections on this replica watching its conversation. SignalR writes
    /// to a connection of this server directly, without its backplane (and the lifetime manager,
    /// unlike a typed hub proxy, builds nothing per send).
    /// </summary>
    public async Task DeliverAsync(MessageChunk chunk)
    {
        if (!_conversations.TryGetValue(chunk.ConversationId, out var conversation))
        {
            return;
        }
        object?[] arguments = [chunk];
        foreach (var connectionId in conversation.Snapshot())
        {
            await connections.SendConnectionAsync(connectionId, ChatHubMethods.MessageChunk, arguments);
        }
    }

    /// <summary>
    /// Starts (or waits for) the connection's watching of the conversation. A second call while the
    /// first is still registering waits for it too, so a resume never reads the log before the
    /// connection is watching; a join that failed is forgotten, so the next call tries again.
    /// </summary>
    public async Task JoinAsync(HubCallerContext context, Guid conversationId)
    {
        var joined = JoinedBy(context);
        Task joining;
        lock (joined)
        {
            if (!joined.TryGetValue(conversationId, out joining!))
            {
                joined[conversationId] = joining = AddAsync(conversationId, context.ConnectionId);
            }
        }
        try
        {
            await joining;
        }
        catch
        {
            lock (joined)
            {
                if (joined.TryGetValue(conversationId, out var current) && current == joining)
                {
                    joined.Remove(conversationId);
                }
            }
            throw;
        }
    }

    public async Task LeaveAsync(HubCallerContext context, Guid conversationId)
    {
        var joined = JoinedBy(context);
        Task? joining;
        lock (joined)
        {
            if (!joined.Remove(conversationId, out joining))
            {
                return;
            }
        }
        await LeaveAfterAsync(joining, conversationId, context.ConnectionId);
    }

    /// <summary>A connection that closed leaves everything it watched, or was about to.</summary>
    public async Task DisconnectedAsync(HubCallerContext context)
    {
        KeyValuePair<Guid, Task>[] watched;
        var joined = JoinedBy(context);
        lock (joined)
        {
            watched = [.. joined];
            joined.Clear();
        }
        foreach (var (conversationId, joining) in watched)
        {
            try
            {
                await LeaveAfterAsync(joining, conversationId, context.ConnectionId);
            }
            catch (Exception e) when (e.IsRedisFault())
            {
                // The set expires by itself, and until then a forwarded chunk finds nobody here.
                logger.LogWarning("Could not take this replica out of the viewers of {ConversationId}: {Error}", conversationId, e.GetType().Name);
            }
        }
    }

    // A join still registering finishes first, so its connection is not added after it left.
    private async Task LeaveAfterAsync(Task joining, Guid conversationId, string connectionId)
    {
        try
        {
            await joining;
        }
        catch (Exception e) when (e.IsRedisFault())
        {
            return; // it never joined
        }
        await RemoveAsync(conversationId, connectionId);
    }

    private static Dictionary<Guid, Task> JoinedBy(HubCallerContext context) =>
        (Dictionary<Guid, Task>)(context.Items.TryGetValue(JoinedKey, out var existing)
            ? existing!
            : context.Items[JoinedKey] = new Dictionary<Guid, Task>());

    private async Task AddAsync(Guid conversationId, string connectionId)
    {
        while (true)
        {
            var conversation = _conversations.GetOrAdd(conversationId, _ => new Conversation());
            await conversation.Gate.WaitAsync();
            try
            {
                if (conversation.Removed)
                {
                    continue; // emptied and dropped meanwhile: take the fresh one
                }
                if (conversation.IsEmpty)
                {
                    await RegisterAsync(conversationId); // the first viewer here
                }
                conversation.Add(connectionId);
                return;
            }
            finally
            {
                conversation.Gate.Release();
            }
        }
    }

    private async Task RemoveAsync(Guid conversationId, string connectionId)
    {
        if (!_conversations.TryGetValue(conversationId, out var conversation))
        {
            return;
        }
        await conversation.Gate.WaitAsync();
        try
        {
            if (!conversation.Remove(connectionId) || !conversation.IsEmpty)
            {
                return;
            }
            conversation.Removed = true;
            _conversations.TryRemove(new KeyValuePair<Guid, Conversation>(conversationId, conversation));
            await redis.GetDatabase().SetRemoveAsync(RedisKeys.Viewers(conversationId), InstanceId);
        }
        finally
        {
            conversation.Gate.Release();
        }
    }

    private async Task RegisterAsync(Guid conversationId)
    {
        var db = redis.GetDatabase();
        var key = RedisKeys.Viewers(conversationId);
        var added = db.SetAddAsync(key, InstanceId);
        var expiry = db.KeyExpireAsync(key, Retention);
        await Task.WhenAll(added, expiry);
    }

    /// <summary>
    /// Writes this replica into the viewer set of every conversation watched here: now and then,
    /// so no set expires under a viewer, and when Redis comes back, as it may have lost them. All
    /// at once (the client pipelines them), not one round trip after another: until a set has this
    /// replica again, chunks generated elsewhere for that conversation are not forwarded here.
    /// </summary>
    private async Task RegisterAllAsync()
    {
        var conversations = _conversations.Keys.ToList();
        var registering = conversations.Select(RegisterAsync).ToList();
        try
        {
            await Task.WhenAll(registering);
        }
        catch (Exception e) when (e.IsRedisFault())
        {
            logger.LogWarning("Could not renew this replica as a viewer of {Failed} of {Watched} conversations: {Error}",
                registering.Count(r => r.IsFaulted), conversations.Count, e.GetType().Name);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _stopping = new CancellationTokenSource();
        redis.ConnectionRestored += OnRestored;
        _refreshing = RefreshAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionRestored -= OnRestored;
        // The host may stop its services more than once; the first stop does it.
        if (Interlocked.Exchange(ref _stopping, null) is { } stopping)
        {
            await stopping.CancelAsync();
            await _refreshing;
            stopping.Dispose();
        }
    }

    private void OnRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Interactive)
        {
            _ = RegisterAllAsync();
        }
    }

    private async Task RefreshAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(RefreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                await RegisterAllAsync();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>One conversation's local viewers. Membership changes go one at a time through the gate.</summary>
    private sealed class Conversation
    {
        private readonly HashSet<string> _connections = [];
        private string[] _snapshot = [];

        public SemaphoreSlim Gate { get; } = new(1, 1);
        public bool Removed { get; set; }
        public bool IsEmpty => _connections.Count == 0;

        // The publisher reads the array without the gate; each change publishes a new one.
        public string[] Snapshot() => Volatile.Read(ref _snapshot);

        public void Add(string connectionId)
        {
            if (_connections.Add(connectionId))
            {
                Volatile.Write(ref _snapshot, [.. _connections]);
            }
        }

        public bool Remove(string connectionId)
        {
            if (!_connections.Remove(connectionId))
            {
                return false;
            }
            Volatile.Write(ref _snapshot, [.. _connections]);
            return true;
        }
    }
}
