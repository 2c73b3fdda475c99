using System.Collections.Concurrent;

namespace AgentChat.Api.Streaming.Generation;

/// <summary>The generations running on this replica, by assistant message id.</summary>
public sealed class GenerationRegistry
{
    private readonly ConcurrentDictionary<Guid, ActiveGeneration> _active = new();

    public void Add(ActiveGeneration generation) => _active[generation.MessageId] = generation;

    public void Remove(ActiveGeneration generation) => _active.TryRemove(new KeyValuePair<Guid, ActiveGeneration>(generation.MessageId, generation));

    public bool TryGet(Guid messageId, out ActiveGeneration generation) => _active.TryGetValue(messageId, out generation!);

    public ICollection<Guid> MessageIds => _active.Keys;

    public IReadOnlyList<ActiveGeneration> Snapshot() => _active.Values.ToList();
}
