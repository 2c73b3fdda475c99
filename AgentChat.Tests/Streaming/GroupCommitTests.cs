using AgentChat.Api.Streaming.Chunks;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Streaming;

/// <summary>
/// The chunk log's group commit: a lone item goes at once, items that come while a write is in
/// flight share the next one, within the bound, and each caller hears only its own item's fate.
/// </summary>
public sealed class GroupCommitTests
{
    /// <summary>A write the test completes by hand, recording what each call carried.</summary>
    private sealed class ScriptedWrites
    {
        private readonly List<(string[] Items, TaskCompletionSource<Exception?[]> Reply)> _calls = [];

        public Task<Exception?[]> WriteAsync(IReadOnlyList<string> items)
        {
            var reply = new TaskCompletionSource<Exception?[]>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_calls)
            {
                _calls.Add(([.. items], reply));
            }
            return reply.Task;
        }

        public string[][] Calls
        {
            get
            {
                lock (_calls)
                {
                    return [.. _calls.Select(c => c.Items)];
                }
            }
        }

        public TaskCompletionSource<Exception?[]> Reply(int call)
        {
            lock (_calls)
            {
                return _calls[call].Reply;
            }
        }

        public async Task WaitForCallsAsync(int count) =>
            await Eventually.HoldsAsync(() => Calls.Length >= count, $"Expected {count} writes, saw {Calls.Length}.");
    }

    [Fact]
    public async Task A_lone_item_is_written_at_once_without_waiting_for_company()
    {
        var writes = new ScriptedWrites();
        var commit = new GroupCommit<string>(writes.WriteAsync, maxBatch: 64);

        var done = commit.AddAsync("a");

        Assert.Equal([["a"]], writes.Calls); // written before AddAsync returned
        Assert.False(done.IsCompleted);
        writes.Reply(0).SetResult([null]);
        await done.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Items_that_come_while_a_write_is_in_flight_share_the_next_write_in_order()
    {
        var writes = new ScriptedWrites();
        var commit = new GroupCommit<string>(writes.WriteAsync, maxBatch: 64);

        var first = commit.AddAsync("a");
        var later = new[] { commit.AddAsync("b"), commit.AddAsync("c"), commit.AddAsync("d") };
        Assert.Single(writes.Calls); // b, c and d wait for a's write

        writes.Reply(0).SetResult([null]);
        await first.WaitAsync(TimeSpan.FromSeconds(10));
        await writes.WaitForCallsAsync(2);
        Assert.Equal([["a"], ["b", "c", "d"]], writes.Calls);
        Assert.All(later, t => Assert.False(t.IsCompleted));

        writes.Reply(1).SetResult([null, null, null]);
        await Task.WhenAll(later).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task No_write_carries_more_than_the_bound_and_the_rest_follow_in_order()
    {
        var writes = new ScriptedWrites();
        var commit = new GroupCommit<string>(writes.WriteAsync, maxBatch: 2);

        var all = new[] { "a", "b", "c", "d", "e", "f" }.Select(commit.AddAsync).ToArray();
        for (var call = 0; call < 4; call++)
        {
            await writes.WaitForCallsAsync(call + 1);
            writes.Reply(call).SetResult(new Exception?[writes.Calls[call].Length]);
        }

        await Task.WhenAll(all).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([["a"], ["b", "c"], ["d", "e"], ["f"]], writes.Calls);
    }

    [Fact]
    public async Task An_items_own_failure_fails_only_its_caller()
    {
        var writes = new ScriptedWrites();
        var commit = new GroupCommit<string>(writes.WriteAsync, maxBatch: 64);
        var first = commit.AddAsync("a");
        var (b, c, d) = (commit.AddAsync("b"), commit.AddAsync("c"), commit.AddAsync("d"));
        writes.Reply(0).SetResult([null]);
        await writes.WaitForCallsAsync(2);

        var refused = new InvalidOperationException("c was refused");
        writes.Reply(1).SetResult([null, refused, null]);

        await Task.WhenAll(first, b, d).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Same(refused, await Assert.ThrowsAsync<InvalidOperationException>(() => c));
    }

    [Fact]
    public async Task A_write_that_fails_fails_all_it_carried_and_the_next_items_still_go()
    {
        var writes = new ScriptedWrites();
        var commit = new GroupCommit<string>(writes.WriteAsync, maxBatch: 64);
        var first = commit.AddAsync("a");
        var second = commit.AddAsync("b");

        writes.Reply(0).SetException(new TimeoutException("Redis did not answer"));
        await Assert.ThrowsAsync<TimeoutException>(() => first);
        await writes.WaitForCallsAsync(2);
        writes.Reply(1).SetResult([null]);
        await second.WaitAsync(TimeSpan.FromSeconds(10));

        // Idle again: the next item goes at once.
        var third = commit.AddAsync("c");
        await writes.WaitForCallsAsync(3);
        writes.Reply(2).SetResult([null]);
        await third.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([["a"], ["b"], ["c"]], writes.Calls);
    }

    [Fact]
    public async Task A_write_that_throws_before_it_starts_or_reports_on_the_wrong_number_fails_its_items_not_the_committer()
    {
        var calls = 0;
        var commit = new GroupCommit<string>(items => ++calls switch
        {
            1 => throw new ObjectDisposedException("redis"),
            2 => Task.FromResult(new Exception?[items.Count + 1]),
            _ => Task.FromResult(new Exception?[items.Count])
        }, maxBatch: 64);

        await Assert.ThrowsAsync<ObjectDisposedException>(() => commit.AddAsync("a"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => commit.AddAsync("b"));
        await commit.AddAsync("c").WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_writes_callers_are_handed_back_together_sixteen_to_a_thread_in_order()
    {
        var writes = new ScriptedWrites();
        var commit = new GroupCommit<string>(writes.WriteAsync, maxBatch: 64);
        var first = commit.AddAsync("first");
        var resumed = new List<(int Caller, int Thread)>();
        var callers = Enumerable.Range(0, 20).Select(async i =>
        {
            // As in the Api, where no synchronization context takes the continuation elsewhere.
            await commit.AddAsync($"item {i}").ConfigureAwait(false);
            lock (resumed)
            {
                resumed.Add((i, Environment.CurrentManagedThreadId));
            }
        }).ToList();
        writes.Reply(0).SetResult([null]);
        await first.WaitAsync(TimeSpan.FromSeconds(10));
        await writes.WaitForCallsAsync(2);

        writes.Reply(1).SetResult(new Exception?[20]);
        await Task.WhenAll(callers).WaitAsync(TimeSpan.FromSeconds(10));

        // One work item ran callers 0 to 15 one after another, another 16 to 19: a hop each saved.
        var slices = resumed.GroupBy(r => r.Caller / GroupCommit<string>.CallersPerHandBack).ToList();
        Assert.Equal(2, slices.Count);
        foreach (var slice in slices)
        {
            Assert.Single(slice.Select(r => r.Thread).Distinct());
            var order = slice.Select(r => r.Caller).ToList();
            Assert.Equal(order.Order(), order);
        }
    }

    [Fact]
    public async Task A_callers_slow_continuation_never_holds_up_the_next_write()
    {
        var writes = new ScriptedWrites();
        var commit = new GroupCommit<string>(writes.WriteAsync, maxBatch: 64);
        using var release = new ManualResetEventSlim();
        var slow = Task.Run(async () =>
        {
            await commit.AddAsync("a");
            release.Wait(TimeSpan.FromSeconds(30)); // a continuation busy for long, on its own thread
        });
        await writes.WaitForCallsAsync(1);
        var next = commit.AddAsync("b");

        writes.Reply(0).SetResult([null]);
        await writes.WaitForCallsAsync(2); // b's write went while a's caller was still busy
        Assert.False(slow.IsCompleted);
        writes.Reply(1).SetResult([null]);
        await next.WaitAsync(TimeSpan.FromSeconds(10));

        release.Set();
        await slow.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
