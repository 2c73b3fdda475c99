using System.Net.Http.Json;
using AgentChat.Contracts;
using AgentChat.Tests.Api;
using AgentChat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;

namespace AgentChat.Tests.Streaming;

/// <summary>What a hostile user or an odd model does to the hub, and that none of it gets through or sticks.</summary>
[Collection(StreamingCollection.Name)]
public sealed class HostileInputTests(StreamingFixture fixture)
{
    [Fact]
    public async Task Deleting_a_conversation_stops_its_answers_so_the_per_user_limit_cannot_be_bypassed()
    {
        var (user, chat, _) = await fixture.NewChatAsync();
        await using var _ = chat;
        var firstRound = new List<ScriptedCall>();
        for (var i = 0; i < 3; i++)
        {
            var conversation = await user.Client.CreateConversationAsync();
            await chat.SendAsync(conversation.Id, StreamingFixture.Question(out var marker));
            firstRound.Add(await fixture.Model.CallForAsync(marker));
            Assert.Equal(System.Net.HttpStatusCode.NoContent, (await user.Client.DeleteAsync($"/api/conversations/{conversation.Id}")).StatusCode);
        }

        // Each deleted conversation's answer was stopped upstream before the conversation went.
        await Task.WhenAll(firstRound.Select(c => c.Cancelled)).WaitAsync(TimeSpan.FromSeconds(10));
        var secondRound = new List<ScriptedCall>();
        for (var i = 0; i < 3; i++)
        {
            var conversation = await user.Client.CreateConversationAsync();
            await chat.SendAsync(conversation.Id, StreamingFixture.Question(out var marker));
            secondRound.Add(await fixture.Model.CallForAsync(marker));
        }
        var fourth = await user.Client.CreateConversationAsync();
        var refused = await Assert.ThrowsAsync<HubException>(() => chat.SendAsync(fourth.Id, "one too many"));
        Assert.Contains("already have 3 answers generating", refused.Message);
        secondRound.ForEach(c => c.Finish());
    }

    [Fact]
    public async Task A_nul_character_from_the_model_is_stripped_and_the_answer_ends_normally()
    {
        var (user, chat, conversationId) = await fixture.NewChatAsync();
        await using var _ = chat;

        var sent = await chat.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var call = await fixture.Model.CallForAsync(marker);
        call.Emit("be\0fore ", "lone \ud800 surrogate ", "after");
        call.Finish();
        var chunks = await chat.WaitForFinalAsync(sent.AssistantMessageId);

        Assert.Equal("complete", chunks[^1].Status);
        Assert.Equal("before lone \ufffd surrogate after", string.Concat(chunks.Select(c => c.Chunk)));
        var stored = await StreamingTests.WaitForStoredAsync(user, conversationId, sent.AssistantMessageId, "complete");
        Assert.Equal("before lone \ufffd surrogate after", stored.Single(m => m.Id == sent.AssistantMessageId).Content);
    }

    [Fact]
    public async Task A_nul_character_in_the_users_message_is_refused_clearly_and_stores_nothing()
    {
        var (user, chat, conversationId) = await fixture.NewChatAsync();
        await using var _ = chat;

        var error = await Assert.ThrowsAsync<HubException>(() => chat.SendAsync(conversationId, "hello\0world"));

        Assert.Contains("must not contain", error.Message);
        Assert.Empty(await StreamingTests.MessagesAsync(user, conversationId));
    }

    [Fact]
    public async Task A_message_of_16000_characters_that_all_need_json_escapes_fits_the_receive_limit()
    {
        var (_, chat, conversationId) = await fixture.NewChatAsync();
        await using var _ = chat;
        var marker = $"q-{Guid.NewGuid():N}";

        // Control characters travel as \u00XX: six bytes each, the worst case.
        var sent = await chat.SendAsync(conversationId, marker + new string('\u0001', 16_000 - marker.Length));

        var call = await fixture.Model.CallForAsync(marker);
        call.Finish();
        Assert.Equal("complete", (await chat.WaitForFinalAsync(sent.AssistantMessageId))[^1].Status);
    }

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(long.MaxValue - 1)]
    public async Task Resume_after_the_largest_sequence_replays_nothing_and_says_so(long afterSequence)
    {
        var (_, chat, conversationId) = await fixture.NewChatAsync();
        await using var _ = chat;
        var sent = await chat.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var call = await fixture.Model.CallForAsync(marker);
        call.Emit("x");
        call.Finish();
        await chat.WaitForFinalAsync(sent.AssistantMessageId);

        var result = await chat.ResumeAsync(sent.AssistantMessageId, afterSequence);

        Assert.Equal((0, afterSequence), (result.Replayed, result.LastSequence));
    }

    [Theory]
    [InlineData("http://evil.example", false)]
    [InlineData("null", false)]
    [InlineData("self", true)]
    public async Task A_cookie_signed_hub_connection_must_come_from_the_apps_own_origin(string origin, bool allowed)
    {
        var cookies = await SignInWithCookieAsync();
        var server = fixture.HostA.ServerAddress;
        var sentOrigin = origin == "self" ? server.GetLeftPart(UriPartial.Authority) : origin;

        var connect = ChatConnection.ConnectAsync(server, options =>
        {
            options.Cookies = cookies;
            options.Headers["Origin"] = sentOrigin;
        });

        if (allowed)
        {
            await using var chat = await connect;
            Assert.Equal(Microsoft.AspNetCore.SignalR.Client.HubConnectionState.Connected, chat.Hub.State);
        }
        else
        {
            var refused = await Assert.ThrowsAnyAsync<Exception>(() => connect);
            Assert.Contains("403", refused.ToString());
        }
    }

    [Fact]
    public async Task A_bearer_token_hub_connection_is_not_limited_by_origin()
    {
        var (user, _, _) = await fixture.NewChatAsync();

        await using var chat = await ChatConnection.ConnectAsync(fixture.HostA.ServerAddress, options =>
        {
            options.AccessTokenProvider = () => Task.FromResult<string?>(user.AccessToken);
            options.Headers["Origin"] = "http://elsewhere.example";
        });

        Assert.Equal(Microsoft.AspNetCore.SignalR.Client.HubConnectionState.Connected, chat.Hub.State);
    }

    [Fact]
    public async Task ResumeStream_from_a_log_that_lost_its_head_replays_nothing_and_says_the_log_is_not_available()
    {
        var (user, chat, conversationId) = await fixture.NewChatAsync();
        await using var _ = chat;
        var sent = await chat.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var call = await fixture.Model.CallForAsync(marker);
        call.Emit("one ");
        await chat.WaitForSequenceAsync(sent.AssistantMessageId, 1);
        await fixture.DropLogHeadAsync(sent.AssistantMessageId);

        await using var reader = await ChatConnection.ConnectAsync(fixture.HostA.ServerAddress, user.AccessToken);
        var result = await reader.ResumeChunkByChunkAsync(sent.AssistantMessageId, 0);
        var messages = await StreamingTests.MessagesAsync(user, conversationId);

        Assert.Equal((false, 0), (result.LogAvailable, result.Replayed));
        Assert.Empty(reader.ChunksOf(sent.AssistantMessageId));
        Assert.Equal(("streaming", ""), (messages.Single(m => m.Id == sent.AssistantMessageId).Status, messages.Single(m => m.Id == sent.AssistantMessageId).Content));
        call.Finish();
        await chat.WaitForFinalAsync(sent.AssistantMessageId);
    }

    private async Task<System.Net.CookieContainer> SignInWithCookieAsync()
    {
        var cookies = new System.Net.CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = fixture.HostA.ServerAddress };
        var email = $"cookie-{Guid.NewGuid():N}@agentchat.test";
        (await http.PostAsJsonAsync("/api/auth/register", new { email, password = TestUser.Password })).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email, password = TestUser.Password })).EnsureSuccessStatusCode();
        return cookies;
    }
}
