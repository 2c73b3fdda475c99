namespace AgentChat.AppHost.Infrastructure;

/// <summary>The data services the Api depends on, whichever way they run.</summary>
public sealed record DataServices(
    IResourceBuilder<IResourceWithConnectionString> Redis,
    IResourceBuilder<IResourceWithConnectionString> ChatDb,
    IResourceBuilder<IResource> RedisServer,
    IResourceBuilder<IResource> PostgresServer);

public static class ContainerInfrastructure
{
    public static DataServices AddContainerInfrastructure(this IDistributedApplicationBuilder builder)
    {
        // Redis also holds the data-protection keys that sign users in: it must survive a restart.
        var redis = builder.AddRedis("redis").WithDataVolume();
        var postgres = builder.AddPostgres("postgres").WithDataVolume();
        var chatdb = postgres.AddDatabase("chatdb");
        return new DataServices(
            Redis: redis.AsConnectionString(),
            ChatDb: chatdb.AsConnectionString(),
            RedisServer: redis.AsResource(),
            PostgresServer: chatdb.AsResource());
    }

    internal static IResourceBuilder<IResourceWithConnectionString> AsConnectionString<T>(this IResourceBuilder<T> builder)
        where T : IResourceWithConnectionString =>
        builder.ApplicationBuilder.CreateResourceBuilder<IResourceWithConnectionString>(builder.Resource);

    internal static IResourceBuilder<IResource> AsResource<T>(this IResourceBuilder<T> builder) where T : IResource =>
        builder.ApplicationBuilder.CreateResourceBuilder<IResource>(builder.Resource);
}
