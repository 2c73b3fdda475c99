using AgentChat.LocalServices;

namespace AgentChat.Tests.Infrastructure;

/// <summary>
/// One real Redis and one real PostgreSQL for the whole test run (<see cref="LocalServers"/>),
/// started on first use and stopped when the run ends. Tests isolate themselves by unique users,
/// databases and ids, never by restarting these.
/// </summary>
public static class SharedServers
{
    private static readonly Lazy<Task<LocalServers>> Instance = new(StartAsync);

    public static Task<LocalServers> GetAsync() => Instance.Value;

    private static async Task<LocalServers> StartAsync()
    {
        var servers = await LocalServers.StartAsync("agentchat-tests", "postgres",
            // Test data is thrown away: durability only costs time here.
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=300");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => servers.Dispose();
        return servers;
    }
}
