namespace AgentChat.Api.Common;

/// <summary>Tasks a caller stops waiting for (a speculative read no longer wanted, a tool left behind).</summary>
public static class AbandonedTasks
{
    /// <summary>No longer awaited: its failure, if any, is observed here instead of surfacing as an unobserved exception.</summary>
    public static void Abandon(this Task? task) =>
        _ = task?.ContinueWith(static done => done.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
