using System.Net.Http.Json;
using AgentChat.Contracts;
using AgentChat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using HubException = Microsoft.AspNetCore.SignalR.HubException;

namespace AgentChat.Tests.Streaming;

/// <summary>Every id is checked against the caller; every bad input is a clear HubException that changes nothing.</summary>
[Collection(StreamingCollection.Name)]
public sealed class HubAccessTests(StreamingFixture fixture)
{
    [Fact]
    public async Task A_connection_without_a_signed_in_user_is_refused()
    {
        var error = await Record.ExceptionAsync(() => ChatConnection.ConnectAsync(fixture.HostA.ServerAddress, accessToken: null));

        Assert.NotNull(error);
        Assert.Contains("401", error.Message);
    }

    [Fact]
    public async Task A_bearer_token_in_the_authorization_header_is_accepted()
    {
        var user = await TestUser.RegisterAsync(fixture.HostA.CreateClient());

        await using var chat = await ChatConnection.ConnectAsync(fixture.HostA.ServerAddress,
            options => options.Headers["Authorization"] = $"Bearer {user.AccessToken}");

        Assert.Equal(HubConnectionState.Connected, chat.Hub.State);
    }

    [Fact]
    public async Task The_identity_cookie_of_a_browser_sign_in_is_accepted()
    {
        var cookies = new System.Net.CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = fixture.HostA.ServerAddress };
        var email = $"cookie-{Guid.NewGuid():N}@agentchat.test";
        (await http.PostAsJsonAsync("/api/auth/register", new { email, password = TestUser.Password })).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email, password = TestUser.Password })).EnsureSuccessStatusCode();

        await using var chat = await ChatConnection.ConnectAsync(fixture.HostA.ServerAddress, options => options.Cookies = cookies);

        Assert.Equal(HubConnectionState.Connected, chat.Hub.State);
    }

    [Fact]
    public async Task Another_users_conversation_and_message_are_not_found_and_none_of_their_chunks_arrive()
    {
        var (_, owner, conversationId) = await fixture.NewChatAsync();
        await using var _ = owner;
        var (_, stranger, _) = await fixture.NewChatAsync();
        await using var __ = stranger;
        var sent = await owner.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var call = await fixture.Model.CallForAsync(marker);
        call.Emit("private words");
        await owner.WaitForSequenceAsync(sent.AssistantMessageId, 1);

        await AssertNotFound(stranger.SendAsync(conversationId, "let me in"), "Conversation not found.");
        await AssertNotFound(stranger.Hub.InvokeAsync(ChatHubMethods.JoinConversation, conversationId.ToString()), "Conversation not found.");
        await AssertNotFound(stranger.ResumeAsync(sent.AssistantMessageId, 0), "Message not found.");
        await AssertNotFound(stranger.ResumeChunkByChunkAsync(sent.AssistantMessageId, 0), "Message not found.");
        await AssertNotFound(stranger.StopAsync(sent.AssistantMessageId), "Message not found.");

        call.Emit(" and more");
        call.Finish();
        var chunks = await owner.WaitForFinalAsync(sent.AssistantMessageId);
        Assert.Equal("complete", chunks[^1].Status); // the stranger's stop did nothing
        Assert.Empty(stranger.All);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task An_empty_message_is_refused(string content)
    {
        var (user, chat, conversationId) = await fixture.NewChatAsync();
        await using var _ = chat;

        var error = await Assert.ThrowsAsync<HubException>(() => chat.SendAsync(conversationId, content));

        Assert.Contains("must not be empty", error.Message);
        Assert.Empty(await StreamingTests.MessagesAsync(user, conversationId));
    }

    [Fact]
    public async Task A_message_of_16000_characters_is_accepted_and_one_more_is_refused_clearly()
    {
        var (user, chat, conversationId) = await fixture.NewChatAsync();
        await using var _ = chat;
        var marker = $"q-{Guid.NewGuid():N}";

        var error = await Assert.ThrowsAsync<HubException>(() => chat.SendAsync(conversationId, marker + new string('é', 16_001 - marker.Length)));
        Assert.Contains("at most 16,000 characters", error.Message);
        Assert.Empty(await StreamingTests.MessagesAsync(user, conversationId));

        // Multi-byte characters: the hub's receive limit must fit 16,000 of them.
        var sent = await chat.SendAsync(conversationId, marker + new string('é', 16_000 - marker.Length));
        var call = await fixture.Model.CallForAsync(marker);
        call.Finish();
        await chat.WaitForFinalAsync(sent.AssistantMessageId);
    }

    [Theory]
    [InlineData(ChatHubMethods.SendMessage, "not-an-id", "conversationId must be an id.")]
    [InlineData(ChatHubMethods.JoinConversation, "42", "conversationId must be an id.")]
    [InlineData(ChatHubMethods.StopGenerating, "", "messageId must be an id.")]
    public async Task A_malformed_id_is_refused_naming_the_field(string method, string id, string expected)
    {
        var (_, chat, _) = await fixture.NewChatAsync();
        await using var _ = chat;

        var call = method == ChatHubMethods.SendMessage ? chat.Hub.InvokeAsync(method, id, "hello") : chat.Hub.InvokeAsync(method, id);
        var error = await Assert.ThrowsAsync<HubException>(() => call);

        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData(ChatHubMethods.ResumeStream)]
    [InlineData(ChatHubMethods.ResumeStreamBatched)]
    [InlineData(ChatHubMethods.ResumeStreamCompact)]
    public async Task Resume_refuses_a_negative_sequence_and_a_malformed_message_id(string method)
    {
        var (_, chat, _) = await fixture.NewChatAsync();
        await using var _ = chat;

        Assert.Contains("afterSequence must be 0 or more.",
            (await Assert.ThrowsAsync<HubException>(() => chat.Hub.InvokeAsync(method, Guid.NewGuid().ToString(), -1L))).Message);
        Assert.Contains("messageId must be an id.",
            (await Assert.ThrowsAsync<HubException>(() => chat.Hub.InvokeAsync(method, "nope", 0L))).Message);
    }

    [Fact]
    public async Task A_fourth_answer_generating_at_once_is_refused_and_the_first_three_carry_on()
    {
        var (user, chat, conversationId) = await fixture.NewChatAsync();
        await using var _ = chat;
        var calls = new List<ScriptedCall>();
        var sends = new List<SendMessageResult>();
        // One answer at a time per conversation: the three run in three conversations.
        var conversations = new List<Guid> { conversationId };
        for (var i = 0; i < 3; i++)
        {
            conversations.Add((await Api.ApiJson.CreateConversationAsync(user.Client)).Id);
            sends.Add(await chat.SendAsync(conversations[i], StreamingFixture.Question(out var marker)));
            calls.Add(await fixture.Model.CallForAsync(marker));
        }

        var error = await Assert.ThrowsAsync<HubException>(() => chat.SendAsync(conversations[3], "a fourth question"));

        Assert.Contains("already have 3 answers generating", error.Message);
        Assert.Empty(await StreamingTests.MessagesAsync(user, conversations[3]));
        foreach (var call in calls)
        {
            call.Finish();
        }
        foreach (var sent in sends)
        {
            Assert.Equal("complete", (await chat.WaitForFinalAsync(sent.AssistantMessageId))[^1].Status);
        }
    }

    [Fact]
    public async Task Only_an_answer_can_be_resumed_or_stopped()
    {
        var (_, chat, conversationId) = await fixture.NewChatAsync();
        await using var _ = chat;
        var sent = await chat.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        (await fixture.Model.CallForAsync(marker)).Finish();

        Assert.Contains("Only an agent's answer", (await Assert.ThrowsAsync<HubException>(() => chat.StopAsync(sent.UserMessageId))).Message);
        Assert.Contains("Only an agent's answer", (await Assert.ThrowsAsync<HubException>(() => chat.ResumeAsync(sent.UserMessageId, 0))).Message);
        Assert.Contains("Only an agent's answer", (await Assert.ThrowsAsync<HubException>(() => chat.ResumeChunkByChunkAsync(sent.UserMessageId, 0))).Message);
    }

    private static async Task AssertNotFound(Task call, string expected)
    {
        var error = await Assert.ThrowsAsync<HubException>(() => call);
        Assert.Contains(expected, error.Message);
    }
}
