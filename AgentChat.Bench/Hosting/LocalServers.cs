using AgentChat.LocalServices;
using Npgsql;

namespace AgentChat.Bench.Hosting;

/// <summary>
/// A private Redis and PostgreSQL for one bench run: free loopback ports, a temporary folder,
/// the machine's binaries (PostgreSQL through scripts/local-postgres.sh, as the AppHost and the
/// tests start it). PostgreSQL keeps its default durability: commits pay a real fsync, as in production.
/// </summary>
public sealed class LocalServers : IDisposable
{
    private const string Database = "chatdb";
    private static readonly TimeSpan RedisStartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PostgresStartTimeout = TimeSpan.FromSeconds(90);

    private readonly string _root;
    private readonly ChildProcess _redis;
    private readonly ChildProcess _postgres;

    private LocalServers(string root, ChildProcess redis, int redisPort, ChildProcess postgres, int postgresPort, string password)
    {
        _root = root;
        _redis = redis;
        _postgres = postgres;
        RedisConnectionString = $"127.0.0.1:{redisPort}";
        PostgresConnectionString = $"Host=127.0.0.1;Port={postgresPort};Username=postgres;Password={password};Database={Database}";
    }

    public string RedisConnectionString { get; }
    public string PostgresConnectionString { get; }

    public static async Task<LocalServers> StartAsync()
    {
        var root = MachineServers.CreateRoot("agentchat-bench");
        var redisPort = FreePort.Next();
        var redis = MachineServers.StartRedis(Path.Combine(root, "redis"), redisPort);

        var password = Guid.NewGuid().ToString("N");
        var passwordFile = Path.Combine(root, "postgres.password");
        await File.WriteAllTextAsync(passwordFile, password);
        var postgresPort = FreePort.Next();
        var postgres = MachineServers.StartPostgres(Path.Combine(root, "postgres"), postgresPort, passwordFile, Database,
            // One pooled connection per concurrent send at the top of the ladder, and then some.
            "-c", "max_connections=300");

        var servers = new LocalServers(root, redis, redisPort, postgres, postgresPort, password);
        try
        {
            await redis.WaitUntilReadyAsync(redisPort, RedisStartTimeout);
            await postgres.WaitUntilReadyAsync(postgresPort, PostgresStartTimeout, servers.CanQueryAsync);
            return servers;
        }
        catch
        {
            servers.Dispose();
            throw;
        }
    }

    private async Task<bool> CanQueryAsync()
    {
        try
        {
            // Unpooled: a pooled connection left open would hold PostgreSQL's shutdown at the end.
            await using var connection = new NpgsqlConnection(PostgresConnectionString + ";Pooling=false");
            await connection.OpenAsync();
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _redis.Dispose();
        _postgres.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
