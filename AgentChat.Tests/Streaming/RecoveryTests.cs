using System.Net.Http.Headers;
using System.Net.Http.Json;
using AgentChat.LocalServices;
using AgentChat.Tests.Api;
using AgentChat.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgentChat.Tests.Streaming;

/// <summary>What happens when the machinery under a stream fails: the owner dies, Redis restarts.</summary>
[Collection(StreamingCollection.Name)]
public sealed class RecoveryTests(StreamingFixture fixture)
{
    [Fact]
    public async Task An_answer_whose_owner_was_killed_ends_interrupted_with_its_partial_text()
    {
        var settings = new Dictionary<string, string>
        {
            ["AI:Demo:FirstTokenDelayMs"] = "0",
            ["AI:Demo:TokensPerSecond"] = "20",
            ["AI:Demo:ResponseTokens"] = "2000",
            // Answer text from the first chunk, so the chunks seen before the crash hold some.
            ["AI:Demo:ReasoningMs"] = "0",
            ["Streaming:LeaseDuration"] = "00:00:02",
            ["Streaming:LeaseRenewInterval"] = "00:00:00.500"
        };
        using var owner = await ApiProcesses.StartAsync(fixture.Servers, fixture.Database, settings);
        using var http = new HttpClient { BaseAddress = owner.BaseAddress };
        var user = await TestUser.RegisterAsync(http);
        var conversation = await user.Client.CreateConversationAsync();
        await using var chat = await ChatConnection.ConnectAsync(owner.BaseAddress, user.AccessToken);
        var sent = await chat.SendAsync(conversation.Id, "Tell me about crashes");
        var seen = await chat.WaitForSequenceAsync(sent.AssistantMessageId, 5);

        owner.Kill();

        using var survivor = fixture.HostA.CreateClient();
        survivor.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        var survivorUser = user with { Client = survivor };
        var messages = await StreamingTests.WaitForStoredAsync(survivorUser, conversation.Id, sent.AssistantMessageId, "interrupted");
        var answer = messages.Single(m => m.Id == sent.AssistantMessageId);
        var seenText = string.Concat(seen.OrderBy(c => c.Sequence).Select(c => c.Chunk));
        Assert.StartsWith(seenText, answer.Content);
        Assert.StartsWith("## About", answer.Content);

        // A client that comes back is told how it ended, right after the last logged chunk.
        await using var back = await ChatConnection.ConnectAsync(fixture.HostA.ServerAddress, user.AccessToken);
        await back.ResumeAsync(sent.AssistantMessageId, 0);
        var replay = await back.WaitForFinalAsync(sent.AssistantMessageId);
        Assert.Equal(("interrupted", (long)replay.Count), (replay[^1].Status, replay[^1].Sequence));
        Assert.Equal(answer.Content, string.Concat(replay.Select(c => c.Chunk)));
    }

    [Fact]
    public async Task A_redis_restart_mid_stream_does_not_lose_the_answer()
    {
        // Its own Redis, stopped by the test; left to the reaper too, so a test host killed mid-test leaves none behind.
        var root = MachineServers.CreateRoot("agentchat-redis-restart");
        using var reaper = MachineServers.StartReaper(root, Environment.ProcessId);
        var port = FreePort.Next();
        var redis = MachineServers.StartRedis(Path.Combine(root, "redis"), port);
        try
        {
            await redis.WaitUntilReadyAsync(port, TimeSpan.FromSeconds(20));
            var model = new ScriptedChatClient();
            await using var host = new ApiFactory(fixture.Servers, fixture.Database, services =>
            {
                services.UseModel(model);
            }, new Dictionary<string, string?> { ["ConnectionStrings:redis"] = $"127.0.0.1:{port}" }, kestrel: true);
            var user = await TestUser.RegisterAsync(host.CreateClient());
            var conversation = await user.Client.CreateConversationAsync();
            await using var chat = await ChatConnection.ConnectAsync(host.ServerAddress, user.AccessToken);
            var sent = await chat.SendAsync(conversation.Id, StreamingFixture.Question(out var marker));
            var call = await model.CallForAsync(marker);
            call.Emit("before ");
            await chat.WaitForSequenceAsync(sent.AssistantMessageId, 1);

            redis.Dispose();
            call.Emit("during ", "the ", "outage ");
            await Task.Delay(1000);
            redis = MachineServers.StartRedis(Path.Combine(root, "redis"), port);
            await redis.WaitUntilReadyAsync(port, TimeSpan.FromSeconds(20));
            call.Emit("and after");
            call.Finish();

            var messages = await StreamingTests.WaitForStoredAsync(user, conversation.Id, sent.AssistantMessageId, "complete");
            Assert.Equal("before during the outage and after", messages.Single(m => m.Id == sent.AssistantMessageId).Content);
        }
        finally
        {
            redis.Dispose();
            Directory.Delete(root, recursive: true);
        }
    }
}
