namespace AgentChat.Api.Streaming.Chunks;

/// <summary>
/// Group commit: one write in flight at a time, and what is handed in meanwhile goes out together
/// in the next write, at most <c>maxBatch</c> items in each. An item handed in while no write is in
/// flight goes out at once: nothing waits for a timer or for company, so a lone chunk (an answer's
/// first, on a quiet server) costs one round trip as before, and under load the round trips, and
/// each one's fixed cost on both ends, are shared by as many items as arrived during the last one.
/// The write reports each item's own failure (null where it succeeded), so one bad item fails only
/// its own caller; a write that throws fails every item it carried, and the next batch still goes.
/// A write's callers are handed back together: one thread-pool work item per
/// <see cref="CallersPerHandBack"/> of them runs their continuations one after another, rather
/// than one work item each (issue 11: a hop saved for most chunks), and never the writing loop.
/// </summary>
internal sealed class GroupCommit<T>(Func<IReadOnlyList<T>, Task<Exception?[]>> write, int maxBatch)
{
    /// <summary>
    /// Callers whose continuations one work item runs in turn. Small enough that a large write's
    /// callers still spread over the cores, and the last of them waits for few before it.
    /// </summary>
    public const int CallersPerHandBack = 16;

    private readonly Lock _gate = new();
    private List<Pending> _waiting = [];
    private bool _writing;

    private readonly record struct Pending(T Item, TaskCompletionSource Done);

    /// <summary>Completes once the write that carried <paramref name="item"/> has come back, faulted with the item's own failure if any.</summary>
    public Task AddAsync(T item)
    {
        // Completed only by a hand-back work item (HandBack), which runs the continuation in place.
        var done = new TaskCompletionSource();
        bool start;
        lock (_gate)
        {
            _waiting.Add(new Pending(item, done));
            start = !_writing;
            _writing = true;
        }
        if (start)
        {
            _ = WriteWaitingAsync();
        }
        return done.Task;
    }

    // The only writer, from the item that found none in flight until nothing waits. Never throws.
    private async Task WriteWaitingAsync()
    {
        while (true)
        {
            List<Pending> batch;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _writing = false;
                    return;
                }
                if (_waiting.Count <= maxBatch)
                {
                    (batch, _waiting) = (_waiting, []);
                }
                else
                {
                    batch = _waiting.GetRange(0, maxBatch);
                    _waiting.RemoveRange(0, maxBatch);
                }
            }
            var items = new T[batch.Count];
            for (var i = 0; i < items.Length; i++)
            {
                items[i] = batch[i].Item;
            }
            Exception?[] failures;
            try
            {
                failures = await write(items);
                if (failures.Length != items.Length)
                {
                    throw new InvalidOperationException($"A write of {items.Length} items reported on {failures.Length}.");
                }
            }
            catch (Exception e)
            {
                HandBack(batch, null, e);
                continue;
            }
            HandBack(batch, failures, null);
        }
    }

    // The writing loop goes on to the next batch at once; the callers' continuations run elsewhere.
    private static void HandBack(List<Pending> batch, Exception?[]? failures, Exception? failed)
    {
        for (var start = 0; start < batch.Count; start += CallersPerHandBack)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static state => state.Complete(),
                new HandBackSlice(batch, start, Math.Min(start + CallersPerHandBack, batch.Count), failures, failed), preferLocal: false);
        }
    }

    private sealed record HandBackSlice(List<Pending> Batch, int Start, int End, Exception?[]? Failures, Exception? Failed)
    {
        public void Complete()
        {
            for (var i = Start; i < End; i++)
            {
                if ((Failed ?? Failures![i]) is { } failure)
                {
                    Batch[i].Done.TrySetException(failure);
                }
                else
                {
                    Batch[i].Done.TrySetResult();
                }
            }
        }
    }
}
