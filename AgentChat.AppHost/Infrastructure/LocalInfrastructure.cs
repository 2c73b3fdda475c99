using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;

namespace AgentChat.AppHost.Infrastructure;

/// <summary>
/// Redis and PostgreSQL from the machine's own binaries, for machines with no container runtime.
/// Each gets a free loopback port, a data folder under <see cref="InfrastructureSettings.DataDirectory"/>
/// (git-ignored), a health check, and shows on the dashboard with its logs like any resource.
/// </summary>
public static class LocalInfrastructure
{
    public static DataServices AddLocalInfrastructure(this IDistributedApplicationBuilder builder, InfrastructureSettings settings)
    {
        RequireBinary("redis-server", "/usr/bin/redis-server");
        var redis = builder.AddLocalRedis("redis", settings.DataDirectory);
        var postgres = builder.AddLocalPostgres("postgres", settings.DataDirectory);
        var chatdb = builder.AddLocalDatabase(postgres, "chatdb", LocalPassword(settings.DataDirectory, "postgres"));
        return new DataServices(
            Redis: redis.AsConnectionString(),
            ChatDb: chatdb.AsConnectionString(),
            RedisServer: redis.AsResource(),
            PostgresServer: chatdb.AsResource());
    }

    private static IResourceBuilder<LocalRedisResource> AddLocalRedis(this IDistributedApplicationBuilder builder, string name, string dataRoot)
    {
        var dataDirectory = Directory.CreateDirectory(Path.Combine(dataRoot, name)).FullName;
        var port = LocalHost.FreePort();
        var redis = new LocalRedisResource(name, dataDirectory, port);

        var healthCheck = $"{name}_check";
        builder.Services.AddHealthChecks().AddRedis($"{LocalHost.Address}:{port}", name: healthCheck);

        return builder.AddResource(redis)
            .WithArgs("--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--bind", LocalHost.Address, "--dir", dataDirectory,
                // Chunk logs are short-lived; an append-only file keeps them across a restart of Redis itself.
                "--appendonly", "yes", "--save", "")
            .WithEndpoint(port: port, targetPort: port, scheme: "tcp", name: "tcp", isProxied: false)
            .WithHealthCheck(healthCheck);
    }

    private static IResourceBuilder<LocalPostgresResource> AddLocalPostgres(this IDistributedApplicationBuilder builder, string name, string dataRoot)
    {
        var root = Directory.CreateDirectory(dataRoot).FullName;
        var passwordFile = PasswordFile(root, name);
        var password = LocalPassword(root, name);
        var passwordParameter = builder.AddParameter($"{name}-password", password, secret: true);
        var port = LocalHost.FreePort();
        var script = Path.Combine(builder.AppHostDirectory, "..", "scripts", "local-postgres.sh");
        var postgres = new LocalPostgresResource(name, root, port, passwordParameter.Resource);

        return builder.AddResource(postgres)
            .WithArgs(Path.GetFullPath(script), Path.Combine(root, name), port.ToString(System.Globalization.CultureInfo.InvariantCulture), passwordFile, "chatdb")
            .WithEndpoint(port: port, targetPort: port, scheme: "tcp", name: "tcp", isProxied: false);
    }

    private static IResourceBuilder<LocalPostgresDatabaseResource> AddLocalDatabase(
        this IDistributedApplicationBuilder builder, IResourceBuilder<LocalPostgresResource> server, string name, string password)
    {
        var database = new LocalPostgresDatabaseResource(name, name, server.Resource);
        var healthCheck = $"{name}_check";
        var connectionString =
            $"Host={LocalHost.Address};Port={server.Resource.Port};Username=postgres;Password={password};Database={name};Timeout=3";
        builder.Services.AddHealthChecks().AddNpgSql(connectionString, name: healthCheck);

        // The database has no process of its own: it runs when its server does, and is healthy
        // when it answers a query, which is what the Api waits for.
        builder.Eventing.Subscribe<ResourceReadyEvent>(server.Resource, async (ready, _) =>
        {
            var notifications = ready.Services.GetRequiredService<ResourceNotificationService>();
            await notifications.PublishUpdateAsync(database, s => s with
            {
                State = KnownResourceStates.Running,
                StartTimeStamp = DateTime.UtcNow
            });
        });

        return builder.AddResource(database)
            .WithParentRelationship(server)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = KnownResourceStates.Waiting,
                Properties = []
            })
            .WithHealthCheck(healthCheck);
    }

    private static string PasswordFile(string dataRoot, string server) => Path.Combine(dataRoot, $"{server}.password");

    /// <summary>Generated once per data folder and kept beside it: the server's data was initialised with it.</summary>
    private static string LocalPassword(string dataRoot, string server)
    {
        Directory.CreateDirectory(dataRoot);
        var path = PasswordFile(dataRoot, server);
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(18)).ToLowerInvariant();
        File.WriteAllText(path, password);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return password;
    }

    private static void RequireBinary(string command, string usualPath)
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Any(dir => File.Exists(Path.Combine(dir, command)));
        if (!onPath && !File.Exists(usualPath))
        {
            throw new DistributedApplicationException(
                $"{command} is not installed and no container runtime answers. Run scripts/setup.sh, or set Infrastructure:Mode to Containers.");
        }
    }
}
