namespace AgentChat.AppHost.Infrastructure;

/// <summary>The machine's redis-server, run by the AppHost, listening on loopback only.</summary>
public sealed class LocalRedisResource(string name, string workingDirectory, int port)
    : ExecutableResource(name, "redis-server", workingDirectory), IResourceWithConnectionString
{
    public int Port { get; } = port;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{LocalHost.Address}:{Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
}

/// <summary>The machine's PostgreSQL server, run by <c>scripts/local-postgres.sh</c>.</summary>
public sealed class LocalPostgresResource(string name, string workingDirectory, int port, ParameterResource password)
    : ExecutableResource(name, "bash", workingDirectory)
{
    public int Port { get; } = port;
    public ParameterResource Password { get; } = password;
}

/// <summary>A database inside <see cref="LocalPostgresResource"/>; what the Api references.</summary>
public sealed class LocalPostgresDatabaseResource(string name, string databaseName, LocalPostgresResource parent)
    : Resource(name), IResourceWithParent<LocalPostgresResource>, IResourceWithConnectionString
{
    public LocalPostgresResource Parent { get; } = parent;
    public string DatabaseName { get; } = databaseName;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create(
            $"Host={LocalHost.Address};Port={Parent.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)};Username=postgres;Password={Parent.Password};Database={DatabaseName}");
}

internal static class LocalHost
{
    public const string Address = "127.0.0.1";

    public static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
