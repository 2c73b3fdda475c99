using AgentChat.LocalServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgentChat.Tests.Infrastructure;

/// <summary>
/// Two Api hosts on real loopback ports sharing one database and Redis, as two replicas would,
/// each answering with the same scripted model. Leases and sweeps are fast so recovery is quick.
/// </summary>
public sealed class StreamingFixture : IAsyncLifetime
{
    public static readonly IReadOnlyDictionary<string, string?> FastRecovery = new Dictionary<string, string?>
    {
        ["Streaming:LeaseDuration"] = "00:00:02",
        ["Streaming:LeaseRenewInterval"] = "00:00:00.500",
        ["Streaming:SweepInterval"] = "00:00:00.500",
        ["Streaming:ReplayBatchSize"] = "16",
        ["Streaming:ReplayFirstBatchSize"] = "4",
        ["Streaming:LogSegmentChunks"] = "8"
    };

    public ScriptedChatClient Model { get; } = new();
    public LocalServers Servers { get; private set; } = null!;
    public string Database { get; } = $"streaming_{Guid.NewGuid():N}";
    public ApiFactory HostA { get; private set; } = null!;
    public ApiFactory HostB { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Servers = await SharedServers.GetAsync();
        HostA = CreateHost();
        _ = HostA.ServerAddress; // migrates the database before the second host starts
        HostB = CreateHost(HostA.AdminEmail);
        _ = HostB.ServerAddress;
    }

    public ApiFactory CreateHost(string? adminEmail = null) =>
        new(Servers, Database, services =>
        {
            services.UseModel(Model);
        }, FastRecovery, kestrel: true, adminEmail);

    public async Task DisposeAsync()
    {
        await HostB.DisposeAsync();
        await HostA.DisposeAsync();
    }

    public async Task<(TestUser User, ChatConnection Chat, Guid ConversationId)> NewChatAsync(ApiFactory? host = null)
    {
        host ??= HostA;
        var user = await TestUser.RegisterAsync(host.CreateClient());
        var conversation = await Api.ApiJson.CreateConversationAsync(user.Client);
        var chat = await ChatConnection.ConnectAsync(host.ServerAddress, user.AccessToken);
        return (user, chat, conversation.Id);
    }

    /// <summary>
    /// Leaves a message's chunk log as Redis holds it after a restart without its data: only a
    /// chunk logged since (sequence 42), none from the head.
    /// </summary>
    public async Task DropLogHeadAsync(Guid messageId)
    {
        var redis = HostA.Services.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>().GetDatabase();
        var key = AgentChat.Api.Streaming.Chunks.RedisKeys.Log(messageId);
        await redis.KeyDeleteAsync(key);
        await redis.StreamAddAsync(key, "c", "forty-two ", AgentChat.Api.Streaming.Chunks.RedisKeys.EntryId(42));
    }

    /// <summary>Holds the messages table until disposed: every message query of either host waits meanwhile.</summary>
    public Task<TableLock> LockMessagesAsync() => TableLock.TakeAsync(Servers.PostgresConnectionString(Database), "messages");

    /// <summary>A question the scripted model can be found by.</summary>
    public static string Question(out string marker)
    {
        marker = $"q-{Guid.NewGuid():N}";
        return $"Please answer {marker}";
    }
}

[CollectionDefinition(Name)]
public sealed class StreamingCollection : ICollectionFixture<StreamingFixture>
{
    public const string Name = "streaming";
}
