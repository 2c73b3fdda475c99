using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AgentChat.Api.Agents;
using AgentChat.Api.Agents.Tools;
using AgentChat.Api.Streaming.Chunks;
using AgentChat.Api.Streaming.Ownership;
using AgentChat.Contracts;
using AgentChat.Tests.Api;
using AgentChat.Tests.Infrastructure;
using AgentChat.Tests.Streaming;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace AgentChat.Tests.Faults;

/// <summary>Outages of the real servers under a live answer: nothing is lost, doubled or left streaming.</summary>
[Collection(FaultCollection.Name)]
public sealed class FaultTests(FaultFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Redis_down_for_ten_seconds_mid_answer_delivers_every_chunk_exactly_once_to_live_clients()
    {
        await using var host = fixture.CreateHost();
        var user = await TestUser.RegisterAsync(host.CreateClient());
        var conversation = await user.Client.CreateConversationAsync();
        await using var chat = await ChatConnection.ConnectAsync(host.ServerAddress, user.AccessToken);
        // A second tab that only listens: it never resumes, so it sees exactly what the server broadcast.
        await using var listener = await ChatConnection.ConnectAsync(host.ServerAddress, user.AccessToken);
        await listener.Hub.InvokeAsync(ChatHubMethods.JoinConversation, conversation.Id.ToString());
        var sent = await chat.SendAsync(conversation.Id, StreamingFixture.Question(out var marker));
        await using var follower = new ProtocolFollower(chat, sent.AssistantMessageId);
        var call = await fixture.Model.CallForAsync(marker);
        call.Emit("before ");
        await chat.WaitForSequenceAsync(sent.AssistantMessageId, 1);

        fixture.Servers.StopRedis();
        try
        {
            call.Emit("during ", "the ", "outage ");
            await Task.Delay(Outage);
        }
        finally
        {
            await fixture.Servers.StartRedisAsync();
        }
        call.Emit("and after");
        call.Finish();

        var chunks = await follower.WaitForFinalAsync(TimeSpan.FromSeconds(60));
        Assert.Equal("before during the outage and after", string.Concat(chunks.Select(c => c.Chunk)));
        Assert.Equal("complete", chunks[^1].Status);
        // The server retried the broadcasts Redis refused, in order: a client that never resumes lost nothing either.
        var heard = await listener.WaitForFinalAsync(sent.AssistantMessageId, TimeSpan.FromSeconds(30));
        Assert.Equal(Enumerable.Range(1, heard.Count).Select(i => (long)i), heard.Select(c => c.Sequence));
        Assert.Equal("before during the outage and after", string.Concat(heard.Select(c => c.Chunk)));
        var stored = await StreamingTests.WaitForStoredAsync(user, conversation.Id, sent.AssistantMessageId, "complete");
        Assert.Equal("before during the outage and after", stored.Single(m => m.Id == sent.AssistantMessageId).Content);
    }

    [Fact]
    public async Task PostgreSQL_down_for_ten_seconds_as_an_answer_ends_stores_it_once_back_and_leaves_nothing_streaming()
    {
        await using var host = fixture.CreateHost(new Dictionary<string, string?>
        {
            ["Streaming:LeaseDuration"] = "00:00:02",
            ["Streaming:LeaseRenewInterval"] = "00:00:00.500"
        });
        var user = await TestUser.RegisterAsync(host.CreateClient());
        var conversation = await user.Client.CreateConversationAsync();
        await using var chat = await ChatConnection.ConnectAsync(host.ServerAddress, user.AccessToken);
        var sent = await chat.SendAsync(conversation.Id, StreamingFixture.Question(out var marker));
        var call = await fixture.Model.CallForAsync(marker);
        call.Emit("before ");
        await chat.WaitForSequenceAsync(sent.AssistantMessageId, 1);

        fixture.Servers.StopPostgres();
        IReadOnlyList<MessageChunk> chunks;
        try
        {
            call.Emit("during ", "the outage");
            call.Finish();
            // The viewers see the end although it cannot be stored yet.
            chunks = await chat.WaitForFinalAsync(sent.AssistantMessageId, Outage);
        }
        finally
        {
            await fixture.Servers.StartPostgresAsync();
        }

        Assert.Equal("complete", chunks[^1].Status);
        var stored = await StreamingTests.WaitForStoredAsync(user, conversation.Id, sent.AssistantMessageId, "complete");
        Assert.Equal("before during the outage", stored.Single(m => m.Id == sent.AssistantMessageId).Content);
    }

    [Fact]
    public async Task With_Redis_down_deleting_a_conversation_or_taking_back_its_turn_is_refused_and_deletes_nothing()
    {
        // Redis vouches for a finished answer's owner on resume, so an answer is deleted only once
        // Redis has forgotten it: while it cannot be told, nothing is deleted.
        await using var host = fixture.CreateHost();
        var user = await TestUser.RegisterAsync(host.CreateClient());
        var conversation = await user.Client.CreateConversationAsync();
        await using var chat = await ChatConnection.ConnectAsync(host.ServerAddress, user.AccessToken);
        var sent = await chat.SendAsync(conversation.Id, StreamingFixture.Question(out var marker));
        var call = await fixture.Model.CallForAsync(marker);
        call.Emit("kept");
        call.Finish();
        await chat.WaitForFinalAsync(sent.AssistantMessageId);

        fixture.Servers.StopRedis();
        HttpResponseMessage deleted, retracted;
        try
        {
            deleted = await user.Client.DeleteAsync($"/api/conversations/{conversation.Id}");
            retracted = await user.Client.DeleteAsync($"/api/conversations/{conversation.Id}/last-turn");
        }
        finally
        {
            await fixture.Servers.StartRedisAsync();
        }

        Assert.Equal((HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable), (deleted.StatusCode, retracted.StatusCode));
        Assert.Contains("Please try again", await deleted.Content.ReadAsStringAsync());
        var stored = await StreamingTests.WaitForStoredAsync(user, conversation.Id, sent.AssistantMessageId, "complete");
        Assert.Equal([sent.UserMessageId, sent.AssistantMessageId], stored.Select(m => m.Id));
        Assert.Equal("kept", stored[1].Content);
    }

    [Fact]
    public async Task Redis_restarted_without_its_data_mid_answer_gets_the_whole_log_back_from_the_owner()
    {
        await using var host = fixture.CreateHost();
        var user = await TestUser.RegisterAsync(host.CreateClient());
        var conversation = await user.Client.CreateConversationAsync();
        await using var chat = await ChatConnection.ConnectAsync(host.ServerAddress, user.AccessToken);
        var sent = await chat.SendAsync(conversation.Id, StreamingFixture.Question(out var marker));
        await using var follower = new ProtocolFollower(chat, sent.AssistantMessageId);
        var call = await fixture.Model.CallForAsync(marker);
        call.Emit("one ");
        await chat.WaitForSequenceAsync(sent.AssistantMessageId, 1);
        call.Emit("two ");
        await chat.WaitForSequenceAsync(sent.AssistantMessageId, 2);

        fixture.Servers.StopRedis();
        await fixture.Servers.StartRedisAsync(); // empty: the log and leases are gone
        call.Emit("three ");

        // A client told the log is not available yet asks again; the owner rewrites it on reconnecting.
        // It connects once the Api is back on Redis: a connection accepted before that is closed when
        // the backplane cannot subscribe it (a real client would reconnect).
        await WaitUntilAsync(host.Services.GetRequiredService<IConnectionMultiplexer>(), connected: true);
        await using var reader = await ChatConnection.ConnectAsync(host.ServerAddress, user.AccessToken);
        ResumeResult resumed = null!;
        await Eventually.HoldsAsync(async () =>
        {
            resumed = await reader.ResumeAsync(sent.AssistantMessageId, 0);
            if (!resumed.LogAvailable)
            {
                Assert.Empty(reader.ChunksOf(sent.AssistantMessageId)); // never a fragment
            }
            return resumed.LogAvailable;
        }, "The owner never restored the chunk log.", TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(200));
        // The reader watches the conversation from its first resume on, so a live chunk may come
        // before the replayed ones: it applies chunks by sequence, as the protocol says.
        var replay = await reader.WaitForAsync(sent.AssistantMessageId,
            chunks => Enumerable.Range(1, (int)resumed.LastSequence).All(s => chunks.Any(c => c.Sequence == s)));
        Assert.StartsWith("one two ", string.Concat(replay.DistinctBy(c => c.Sequence).OrderBy(c => c.Sequence).Select(c => c.Chunk)));
        call.Emit("four");
        call.Finish();
        var live = await follower.WaitForFinalAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("one two three four", string.Concat(live.Select(c => c.Chunk)));
    }

    [Fact]
    public async Task After_redis_restarts_without_its_data_a_viewer_on_another_replica_hears_the_rest_of_the_answer_live()
    {
        await using var owner = fixture.CreateHost();
        await using var other = fixture.CreateHost();
        var user = await TestUser.RegisterAsync(owner.CreateClient());
        var conversation = await user.Client.CreateConversationAsync();
        await using var chat = await ChatConnection.ConnectAsync(owner.ServerAddress, user.AccessToken);
        // A tab on the other replica that only listens: it hears what is forwarded to its replica, nothing else.
        await using var listener = await ChatConnection.ConnectAsync(other.ServerAddress, user.AccessToken);
        await listener.Hub.InvokeAsync(ChatHubMethods.JoinConversation, conversation.Id.ToString());
        var sent = await chat.SendAsync(conversation.Id, StreamingFixture.Question(out var marker));
        var call = await fixture.Model.CallForAsync(marker);
        call.Emit("before ");
        await listener.WaitForSequenceAsync(sent.AssistantMessageId, 1);

        fixture.Servers.StopRedis();
        await fixture.Servers.StartRedisAsync(); // empty: the viewer sets are gone with the logs
        // The other replica puts itself back in the conversation's viewer set once its connection is restored.
        var redis = other.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var otherReplica = other.Services.GetRequiredService<GenerationLeases>().InstanceId;
        await Eventually.HoldsAsync(() => IsViewerAsync(redis, conversation.Id, otherReplica),
            "The other replica never registered again as a viewer.", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));

        call.Emit("and after");
        call.Finish();
        var heard = await listener.WaitForFinalAsync(sent.AssistantMessageId, TimeSpan.FromSeconds(30));
        Assert.Equal(Enumerable.Range(1, heard.Count).Select(i => (long)i), heard.Select(c => c.Sequence));
        Assert.Equal("before and after", string.Concat(heard.Select(c => c.Chunk)));
        Assert.Equal("complete", heard[^1].Status);
    }

    private static async Task<bool> IsViewerAsync(IDatabase redis, Guid conversationId, string replica)
    {
        try
        {
            return await redis.SetContainsAsync(RedisKeys.Viewers(conversationId), replica);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return false; // still reconnecting
        }
    }

    [Fact]
    public async Task A_send_while_redis_is_down_is_refused_clearly_and_stores_nothing()
    {
        await using var host = fixture.CreateHost();
        var user = await TestUser.RegisterAsync(host.CreateClient());
        var conversation = await user.Client.CreateConversationAsync();
        var other = await user.Client.CreateConversationAsync();
        await using var chat = await ChatConnection.ConnectAsync(host.ServerAddress, user.AccessToken);
        // The handshake is answered before the server has subscribed the connection in Redis (the
        // backplane's OnConnectedAsync), and stopping Redis in that gap closes the connection: a first
        // call waits for it. It joins another conversation, so the send must still subscribe in Redis.
        await chat.Hub.InvokeAsync(ChatHubMethods.JoinConversation, other.Id.ToString());

        var refused = await SendDuringRedisOutageAsync(host, chat, conversation.Id);

        Assert.Contains("not sent", refused.Message);
        Assert.Empty(await StreamingTests.MessagesAsync(user, conversation.Id));
    }

    [Fact]
    public async Task A_send_while_redis_is_down_from_a_tab_already_watching_the_conversation_is_refused_too()
    {
        await using var host = fixture.CreateHost();
        var user = await TestUser.RegisterAsync(host.CreateClient());
        var conversation = await user.Client.CreateConversationAsync();
        await using var chat = await ChatConnection.ConnectAsync(host.ServerAddress, user.AccessToken);
        await chat.Hub.InvokeAsync(ChatHubMethods.JoinConversation, conversation.Id.ToString());

        // Watching already, the sender needs no subscription: accepted, its answer would show nothing until Redis is back.
        var refused = await SendDuringRedisOutageAsync(host, chat, conversation.Id);

        Assert.Contains("not sent", refused.Message);
        Assert.Empty(await StreamingTests.MessagesAsync(user, conversation.Id));
        await WaitUntilAsync(host.Services.GetRequiredService<IConnectionMultiplexer>(), connected: true);
        var sent = await chat.SendAsync(conversation.Id, StreamingFixture.Question(out var marker)); // the same tab, once Redis is back
        var call = await fixture.Model.CallForAsync(marker);
        call.Emit("back");
        call.Finish();
        Assert.Equal("back", string.Concat((await chat.WaitForFinalAsync(sent.AssistantMessageId)).Select(c => c.Chunk)));
    }

    /// <summary>Stops Redis, waits until the Api has noticed, sends, and starts Redis again: the send must be refused.</summary>
    private async Task<HubException> SendDuringRedisOutageAsync(ApiFactory host, ChatConnection chat, Guid conversationId)
    {
        fixture.Servers.StopRedis();
        try
        {
            await WaitUntilAsync(host.Services.GetRequiredService<IConnectionMultiplexer>(), connected: false);
            return await Assert.ThrowsAsync<HubException>(() => chat.SendAsync(conversationId, "hello during the outage"));
        }
        finally
        {
            await fixture.Servers.StartRedisAsync();
        }
    }

    private static Task WaitUntilAsync(IConnectionMultiplexer redis, bool connected) =>
        Eventually.HoldsAsync(() => redis.IsConnected == connected,
            connected ? "The Api never got Redis back." : "The Api never noticed Redis was gone.", TimeSpan.FromSeconds(15));


    [Fact]
    public async Task A_killed_owners_answer_ends_interrupted_within_seconds_and_a_stop_on_an_orphan_ends_it_stopped_at_once()
    {
        await using var survivor = fixture.CreateHost();
        _ = survivor.ServerAddress; // migrated and sweeping before the owner starts
        var demo = new Dictionary<string, string>
        {
            ["AI:Demo:FirstTokenDelayMs"] = "0",
            ["AI:Demo:TokensPerSecond"] = "20",
            ["AI:Demo:ResponseTokens"] = "2000"
        };
        using var owner = await ApiProcesses.StartAsync(fixture.Servers, FaultFixture.Database, demo);
        using var http = new HttpClient { BaseAddress = owner.BaseAddress };
        var user = await TestUser.RegisterAsync(http);
        var first = await user.Client.CreateConversationAsync();
        var second = await user.Client.CreateConversationAsync();
        await using var chat = await ChatConnection.ConnectAsync(owner.BaseAddress, user.AccessToken);
        var recovered = await chat.SendAsync(first.Id, "Tell me about crashes");
        var stopped = await chat.SendAsync(second.Id, "Tell me about stopping");
        await chat.WaitForSequenceAsync(recovered.AssistantMessageId, 3);
        await chat.WaitForSequenceAsync(stopped.AssistantMessageId, 3);

        owner.Kill();
        var killedAt = Stopwatch.GetTimestamp();
        await using var back = await ChatConnection.ConnectAsync(survivor.ServerAddress, user.AccessToken);
        await back.StopAsync(stopped.AssistantMessageId);
        await back.ResumeAsync(stopped.AssistantMessageId, 0);
        Assert.Equal("stopped", (await back.WaitForFinalAsync(stopped.AssistantMessageId))[^1].Status);
        await back.ResumeAsync(recovered.AssistantMessageId, 0);
        var replay = await back.WaitForFinalAsync(recovered.AssistantMessageId, TimeSpan.FromSeconds(60));
        var ended = Stopwatch.GetElapsedTime(killedAt);

        output.WriteLine($"interrupted final chunk {ended.TotalSeconds:F1} s after the kill");
        Assert.Equal("interrupted", replay[^1].Status);
        Assert.True(ended < TimeSpan.FromSeconds(10), $"The orphan ended {ended.TotalSeconds:F1} s after its owner died.");
        using var survivorClient = survivor.CreateClient();
        survivorClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        var third = await survivorClient.CreateConversationAsync();
        await back.SendAsync(third.Id, StreamingFixture.Question(out var marker)); // the slots are free again
        (await fixture.Model.CallForAsync(marker)).Finish();
    }

    [Fact]
    public async Task A_killed_owner_mid_tool_call_ends_the_answer_interrupted_with_the_call_marked_ended()
    {
        await using var survivor = fixture.CreateHost();
        _ = survivor.ServerAddress;
        await using var upstream = await FakeOpenAIServer.StartAsync();
        await using var mcp = await TestMcpServer.StartAsync();
        var adminEmail = $"admin-{Guid.NewGuid():N}@agentchat.test";
        using var owner = await ApiProcesses.StartAsync(fixture.Servers, FaultFixture.Database, new Dictionary<string, string>
        {
            ["AI:Provider"] = "OpenAI",
            ["AI:Endpoint"] = upstream.Address.ToString(),
            ["AI:Model"] = "local-model",
            ["AI:ApiKey"] = "test-key",
            ["Identity:AdminEmails:0"] = adminEmail
        });
        var admin = await TestUser.RegisterAsync(new HttpClient { BaseAddress = owner.BaseAddress }, adminEmail);
        var server = await admin.Client.PostAsJsonAsync("/api/mcp-servers", new { name = $"slow {Guid.NewGuid():N}", url = mcp.Address.ToString() });
        server.EnsureSuccessStatusCode();
        var serverId = (await server.Content.ReadFromJsonAsync<McpServerDetails>())!.Id;
        var agent = await admin.Client.PostAsJsonAsync("/api/agents", new
        {
            name = $"Slow agent {Guid.NewGuid():N}",
            description = "Looks things up.",
            systemPrompt = "Look it up.",
            tools = new[] { serverId.ToString() }
        });
        agent.EnsureSuccessStatusCode();
        var agentId = (await agent.Content.ReadFromJsonAsync<AgentDetails>())!.Id;
        var user = await TestUser.RegisterAsync(new HttpClient { BaseAddress = owner.BaseAddress });
        var conversation = await user.Client.CreateConversationAsync(agentId);
        await using var chat = await ChatConnection.ConnectAsync(owner.BaseAddress, user.AccessToken);

        try
        {
            var sent = await chat.SendAsync(conversation.Id, "Look up the thing");
            var request = await upstream.Request.WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Contains(request.RootElement.GetProperty("tools").EnumerateArray(), t => t.GetProperty("function").GetProperty("name").GetString() == "slow_lookup");
            upstream.EmitToolCall("call_slow", "slow_lookup", "{}");
            await chat.WaitForAsync(sent.AssistantMessageId, chunks => chunks.Any(c => c.Kind == ChunkKind.ToolCall));
            await mcp.SlowLookup.Started.Task.WaitAsync(TimeSpan.FromSeconds(20));

            owner.Kill();
            var killedAt = Stopwatch.GetTimestamp();
            await using var back = await ChatConnection.ConnectAsync(survivor.ServerAddress, user.AccessToken);
            await back.ResumeAsync(sent.AssistantMessageId, 0);
            var replay = await back.WaitForFinalAsync(sent.AssistantMessageId, TimeSpan.FromSeconds(60));
            var ended = Stopwatch.GetElapsedTime(killedAt);

            Assert.Equal("interrupted", replay[^1].Status);
            Assert.True(ended < TimeSpan.FromSeconds(10), $"The orphan ended {ended.TotalSeconds:F1} s after its owner died.");
            var running = Assert.Single(replay, c => c.Kind == ChunkKind.ToolCall).Tool!;
            Assert.Equal(("slow_lookup", ToolStatus.Running), (running.Name, running.Status));
            using var survivorClient = survivor.CreateClient();
            survivorClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
            var stored = (await StreamingTests.WaitForStoredAsync(user with { Client = survivorClient }, conversation.Id, sent.AssistantMessageId, "interrupted"))
                .Single(m => m.Id == sent.AssistantMessageId);
            var call = Assert.Single(stored.ToolCalls!);
            Assert.Equal(("call_slow", ToolStatus.Failed, ToolFailure.Ended), (call.CallId, call.Status, call.Result));
        }
        finally
        {
            mcp.SlowLookup.Release();
        }
    }
}
