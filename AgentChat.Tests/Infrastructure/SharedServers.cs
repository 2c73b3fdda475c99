using AgentChat.LocalServices;
using Npgsql;

namespace AgentChat.Tests.Infrastructure;

/// <summary>
/// One real Redis and one real PostgreSQL for the whole test run, started on first use from the
/// machine's binaries (the same script the AppHost uses) and stopped when the run ends.
/// Tests isolate themselves by unique users and ids, never by restarting these.
/// </summary>
public sealed class SharedServers
{
    private static readonly Lazy<Task<SharedServers>> Instance = new(StartAsync);
    private readonly string _root;
    private readonly ChildProcess _redis;
    private readonly ChildProcess _postgres;

    private SharedServers(string root, int redisPort, ChildProcess redis, int postgresPort, string password, ChildProcess postgres)
    {
        _root = root;
        _redis = redis;
        _postgres = postgres;
        RedisConnectionString = $"127.0.0.1:{redisPort}";
        PostgresPort = postgresPort;
        PostgresPassword = password;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
    }

    public string RedisConnectionString { get; }
    public int PostgresPort { get; }
    public string PostgresPassword { get; }

    public static Task<SharedServers> GetAsync() => Instance.Value;

    public string PostgresConnectionString(string database) =>
        $"Host=127.0.0.1;Port={PostgresPort};Username=postgres;Password={PostgresPassword};Database={database}";

    private static async Task<SharedServers> StartAsync()
    {
        var root = MachineServers.CreateRoot("agentchat-tests");

        var redisPort = FreePort.Next();
        var redis = StartRedis(root, redisPort);

        var password = Guid.NewGuid().ToString("N");
        var passwordFile = Path.Combine(root, "postgres.password");
        await File.WriteAllTextAsync(passwordFile, password);
        var postgresPort = FreePort.Next();
        var postgres = MachineServers.StartPostgres(Path.Combine(root, "postgres"), postgresPort, passwordFile, "postgres",
            // Test data is thrown away: durability only costs time here.
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=300");

        var servers = new SharedServers(root, redisPort, redis, postgresPort, password, postgres);
        await redis.WaitUntilReadyAsync(redisPort, TimeSpan.FromSeconds(30));
        await postgres.WaitUntilReadyAsync(postgresPort, TimeSpan.FromSeconds(90), () => CanQueryAsync(servers));
        return servers;
    }

    /// <summary>A redis-server on <paramref name="port"/> with its data under <paramref name="root"/>, not persisted.</summary>
    public static ChildProcess StartRedis(string root, int port) => MachineServers.StartRedis(Path.Combine(root, "redis"), port);

    private static async Task<bool> CanQueryAsync(SharedServers servers)
    {
        try
        {
            await using var connection = new NpgsqlConnection(servers.PostgresConnectionString("postgres"));
            await connection.OpenAsync();
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    private void Stop()
    {
        _redis.Dispose();
        _postgres.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
