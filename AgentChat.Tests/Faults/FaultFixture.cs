using AgentChat.LocalServices;
using AgentChat.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgentChat.Tests.Faults;

/// <summary>
/// Redis and PostgreSQL of their own, which the fault tests stop, restart and wipe, so the
/// rest of the suite never sees the outages. The Api uses the default timings of leases and
/// heartbeats, as in production.
/// </summary>
public sealed class FaultFixture : IAsyncLifetime
{
    public const string Database = "faults";

    public LocalServers Servers { get; private set; } = null!;
    public ScriptedChatClient Model { get; } = new();

    public async Task InitializeAsync() =>
        Servers = await LocalServers.StartAsync("agentchat-faults", Database, "-c", "fsync=off", "-c", "max_connections=200");

    public Task DisposeAsync()
    {
        Servers.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>An in-process Api on these servers, answering with the scripted model.</summary>
    public ApiFactory CreateHost(IReadOnlyDictionary<string, string?>? settings = null) =>
        new(Servers, Database, services =>
        {
            services.RemoveAll<IChatClient>();
            services.AddSingleton<IChatClient>(Model);
        }, settings, kestrel: true);
}

[CollectionDefinition(Name)]
public sealed class FaultCollection : ICollectionFixture<FaultFixture>
{
    public const string Name = "faults";
}
