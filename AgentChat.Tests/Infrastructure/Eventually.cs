namespace AgentChat.Tests.Infrastructure;

/// <summary>
/// Waits for something that happens a moment later (a message through Redis, a reconnect, a
/// metric), polling the condition until it holds or the timeout ends the test with
/// <paramref name="failure"/>. The one way tests wait for a condition they cannot await.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan DefaultPoll = TimeSpan.FromMilliseconds(20);

    public static Task HoldsAsync(Func<bool> condition, string failure, TimeSpan? timeout = null, TimeSpan? poll = null) =>
        HoldsAsync(() => Task.FromResult(condition()), failure, timeout, poll);

    public static async Task HoldsAsync(Func<Task<bool>> condition, string failure, TimeSpan? timeout = null, TimeSpan? poll = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(poll ?? DefaultPoll);
        }
    }
}
