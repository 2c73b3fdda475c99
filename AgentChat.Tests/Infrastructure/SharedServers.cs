using System.Net;
using System.Net.Sockets;
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
    private readonly ServerProcess _redis;
    private readonly ServerProcess _postgres;

    private SharedServers(string root, int redisPort, ServerProcess redis, int postgresPort, string password, ServerProcess postgres)
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
        // World-readable root: PostgreSQL runs as the postgres account when the tests run as root.
        var root = Path.Combine(Path.GetTempPath(), $"agentchat-tests-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101);

        var redisPort = FreePort();
        var redis = StartRedis(root, redisPort);

        var password = Guid.NewGuid().ToString("N");
        var passwordFile = Path.Combine(root, "postgres.password");
        await File.WriteAllTextAsync(passwordFile, password);
        var postgresPort = FreePort();
        var postgres = ServerProcess.Start("bash",
            Path.Combine(RepositoryRoot.Path, "scripts", "local-postgres.sh"),
            Path.Combine(root, "postgres"), postgresPort.ToString(), passwordFile, "postgres",
            // Test data is thrown away: durability only costs time here.
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=300");

        var servers = new SharedServers(root, redisPort, redis, postgresPort, password, postgres);
        await redis.WaitUntilListeningAsync(redisPort, TimeSpan.FromSeconds(30));
        await postgres.WaitUntilListeningAsync(postgresPort, TimeSpan.FromSeconds(90), () => CanQueryAsync(servers));
        return servers;
    }

    /// <summary>A redis-server on <paramref name="port"/> with its data under <paramref name="root"/>, not persisted.</summary>
    public static ServerProcess StartRedis(string root, int port)
    {
        var dir = Directory.CreateDirectory(Path.Combine(root, "redis")).FullName;
        return ServerProcess.Start("redis-server", "--port", port.ToString(), "--bind", "127.0.0.1",
            "--dir", dir, "--save", "", "--appendonly", "no");
    }

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

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
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
