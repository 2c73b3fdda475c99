using AgentChat.Contracts;
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
    /// <summary>Holds the lock of the user who owns the conversation (<see cref="UserLock"/>).</summary>
    public Task<UserLock> LockOwnerOfAsync(Guid conversationId) =>
        UserLock.TakeForOwnerOfAsync(Servers.PostgresConnectionString(Database), conversationId);

    public Task<TableLock> LockMessagesAsync() => TableLock.TakeAsync(Servers.PostgresConnectionString(Database), "messages");

    /// <summary>
    /// A finished answer of reasoning and text taking turns (kinds are never merged, so each is its
    /// own chunk), then usage and the final chunk, as a live viewer on <see cref="HostA"/> got it.
    /// </summary>
    public async Task<(TestUser User, IReadOnlyList<MessageChunk> Live, Guid MessageId)> FinishedAnswerAsync(int pairs)
    {
        var (user, chat, conversationId) = await NewChatAsync();
        await using var _ = chat;
        var sent = await chat.SendAsync(conversationId, Question(out var marker));
        var call = await Model.CallForAsync(marker);
        EmitAlternating(call, from: 0, pairs);
        call.EmitUsage(12, 2 * pairs);
        call.Finish();
        var live = await chat.WaitForFinalAsync(sent.AssistantMessageId);
        Assert.Equal(2 * pairs + 2, live.Count);
        return (user, live, sent.AssistantMessageId);
    }

    public static void EmitAlternating(ScriptedCall call, int from, int pairs)
    {
        for (var i = from; i < from + pairs; i++)
        {
            call.EmitReasoning($"thought {i} ");
            call.Emit($"word{i} ");
        }
    }

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
