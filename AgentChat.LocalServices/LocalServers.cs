using Npgsql;

namespace AgentChat.LocalServices;

/// <summary>
/// A private Redis and PostgreSQL on free loopback ports in a temporary folder, from the
/// machine's binaries (PostgreSQL through scripts/local-postgres.sh, as the AppHost starts it).
/// The tests start one per run (with durability off) and the bench one per run (durability on).
/// </summary>
public sealed class LocalServers : IDisposable
{
    private static readonly TimeSpan RedisStartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PostgresStartTimeout = TimeSpan.FromSeconds(90);

    private readonly string _root;
    private readonly string _password;
    private readonly string[] _postgresArguments;
    private readonly string _database;
    private readonly System.Diagnostics.Process _reaper;
    private ChildProcess _redis;
    private ChildProcess _postgres;

    private LocalServers(string root, System.Diagnostics.Process reaper, ChildProcess redis, int redisPort, ChildProcess postgres,
        int postgresPort, string password, string database, string[] postgresArguments)
    {
        _root = root;
        _reaper = reaper;
        _redis = redis;
        _postgres = postgres;
        _password = password;
        _database = database;
        _postgresArguments = postgresArguments;
        RedisPort = redisPort;
        RedisConnectionString = $"127.0.0.1:{redisPort}";
        PostgresPort = postgresPort;
    }

    public int RedisPort { get; }

    public string RedisConnectionString { get; }
    public int PostgresPort { get; }

    public string PostgresConnectionString(string database) =>
        $"Host=127.0.0.1;Port={PostgresPort};Username=postgres;Password={_password};Database={database}";

    /// <param name="prefix">Names the temporary folder.</param>
    /// <param name="database">Created with the cluster.</param>
    /// <param name="postgresArguments">Server settings, e.g. <c>-c max_connections=300</c>.</param>
    public static Task<LocalServers> StartAsync(string prefix, string database, params string[] postgresArguments) =>
        StartAsync(prefix, database, Environment.ProcessId, postgresArguments);

    /// <param name="ownerProcessId">
    /// The process whose end, however it ends, stops the servers and removes their folder, if
    /// <see cref="Dispose"/> has not (MachineServers.StartReaper).
    /// </param>
    public static async Task<LocalServers> StartAsync(string prefix, string database, int ownerProcessId, params string[] postgresArguments)
    {
        var root = MachineServers.CreateRoot(prefix);
        var reaper = MachineServers.StartReaper(root, ownerProcessId);
        var redisPort = FreePort.Next();
        var redis = MachineServers.StartRedis(Path.Combine(root, "redis"), redisPort);

        var password = Guid.NewGuid().ToString("N");
        var passwordFile = Path.Combine(root, "postgres.password");
        await File.WriteAllTextAsync(passwordFile, password);
        var postgresPort = FreePort.Next();
        var postgres = MachineServers.StartPostgres(Path.Combine(root, "postgres"), postgresPort, passwordFile, database, postgresArguments);

        var servers = new LocalServers(root, reaper, redis, redisPort, postgres, postgresPort, password, database, postgresArguments);
        try
        {
            await redis.WaitUntilReadyAsync(redisPort, RedisStartTimeout);
            await postgres.WaitUntilReadyAsync(postgresPort, PostgresStartTimeout, () => servers.CanQueryAsync(database));
            return servers;
        }
        catch
        {
            servers.Dispose();
            throw;
        }
    }

    /// <summary>Stops Redis (for fault tests); it keeps no data, so it comes back empty.</summary>
    public void StopRedis() => _redis.Dispose();

    public async Task StartRedisAsync()
    {
        _redis = MachineServers.StartRedis(Path.Combine(_root, "redis"), RedisPort);
        await _redis.WaitUntilReadyAsync(RedisPort, RedisStartTimeout);
    }

    /// <summary>Stops PostgreSQL cleanly (for fault tests); its data stays for <see cref="StartPostgresAsync"/>.</summary>
    public void StopPostgres() => _postgres.Dispose();

    public async Task StartPostgresAsync()
    {
        _postgres = MachineServers.StartPostgres(Path.Combine(_root, "postgres"), PostgresPort, Path.Combine(_root, "postgres.password"),
            _database, _postgresArguments);
        await _postgres.WaitUntilReadyAsync(PostgresPort, PostgresStartTimeout, () => CanQueryAsync(_database));
    }

    private async Task<bool> CanQueryAsync(string database)
    {
        try
        {
            // Unpooled: a pooled connection left open would hold PostgreSQL's shutdown at the end.
            await using var connection = new NpgsqlConnection(PostgresConnectionString(database) + ";Pooling=false");
            await connection.OpenAsync();
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    public string Root => _root;

    public void Dispose()
    {
        // The reaper stays: it still removes whatever this cannot (the folder, if this process is
        // killed halfway) once this process is gone, and finds nothing to do otherwise.
        _reaper.Dispose();
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
