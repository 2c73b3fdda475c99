using System.Net;
using System.Net.Http.Json;
using AgentChat.Contracts;
using AgentChat.Tests.Api;
using AgentChat.Tests.Infrastructure;
using AgentChat.Tests.Streaming;
using Microsoft.AspNetCore.SignalR.Client;

namespace AgentChat.Tests.Conversations;

/// <summary>Provisional titles, renaming, and taking back the last question to edit or regenerate it.</summary>
[Collection(StreamingCollection.Name)]
public sealed class ConversationEditsTests(StreamingFixture fixture)
{
    [Fact]
    public async Task The_first_message_gives_the_conversation_a_provisional_title_and_every_tab_hears_it()
    {
        var (user, chat, conversationId) = await fixture.NewChatAsync();
        await using var _ = chat;
        await using var otherTab = await ChatConnection.ConnectAsync(fixture.HostB.ServerAddress, user.AccessToken);
        var heard = new TaskCompletionSource<ConversationTitleChanged>(TaskCreationOptions.RunContinuationsAsynchronously);
        otherTab.Hub.On<ConversationTitleChanged>(ChatHubMethods.ConversationTitleChanged, title => heard.TrySetResult(title));

        var sent = await chat.SendAsync(conversationId, $"How do I plan   a release\nwith feature flags? {Guid.NewGuid():N}");
        (await fixture.Model.CallForAsync("How do I plan")).Finish();

        var title = await heard.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(new ConversationTitleChanged(conversationId, "How do I plan a release"), title);
        Assert.Equal("How do I plan a release", (await user.Client.GetFromJsonAsync<ConversationSummary>($"/api/conversations/{conversationId}"))!.Title);
        await chat.WaitForFinalAsync(sent.AssistantMessageId);
    }

    [Fact]
    public async Task Every_tab_of_the_owner_on_any_replica_hears_of_a_conversation_created_taken_back_and_deleted_and_no_one_else_does()
    {
        var owner = await TestUser.RegisterAsync(fixture.HostA.CreateClient());
        var stranger = await TestUser.RegisterAsync(fixture.HostA.CreateClient());
        await using var chat = await ChatConnection.ConnectAsync(fixture.HostA.ServerAddress, owner.AccessToken);
        await using var otherTab = await ChatConnection.ConnectAsync(fixture.HostB.ServerAddress, owner.AccessToken);
        await using var strangersTab = await ChatConnection.ConnectAsync(fixture.HostB.ServerAddress, stranger.AccessToken);
        var heard = new System.Collections.Concurrent.ConcurrentQueue<object>();
        otherTab.Hub.On<ConversationSummary>(ChatHubMethods.ConversationCreated, heard.Enqueue);
        otherTab.Hub.On<LastTurnRetracted>(ChatHubMethods.LastTurnRetracted, heard.Enqueue);
        otherTab.Hub.On<ConversationDeleted>(ChatHubMethods.ConversationDeleted, heard.Enqueue);
        var strangerHeard = 0;
        foreach (var notice in new[] { ChatHubMethods.ConversationCreated, ChatHubMethods.LastTurnRetracted, ChatHubMethods.ConversationDeleted, ChatHubMethods.ConversationTitleChanged })
        {
            strangersTab.Hub.On<object>(notice, _ => Interlocked.Increment(ref strangerHeard));
        }

        var conversation = await owner.Client.CreateConversationAsync();
        var sent = await chat.SendAsync(conversation.Id, StreamingFixture.Question(out var marker));
        (await fixture.Model.CallForAsync(marker)).Finish();
        await chat.WaitForFinalAsync(sent.AssistantMessageId);
        var retracted = await owner.Client.DeleteAsync($"/api/conversations/{conversation.Id}/last-turn");
        retracted.EnsureSuccessStatusCode();
        var refused = await stranger.Client.DeleteAsync($"/api/conversations/{conversation.Id}");
        var deleted = await owner.Client.DeleteAsync($"/api/conversations/{conversation.Id}");

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NoContent), (refused.StatusCode, deleted.StatusCode));
        await Eventually.HoldsAsync(() => heard.Count >= 3, $"Heard {heard.Count} notices of 3.", TimeSpan.FromSeconds(20));
        Assert.Equal<object>(
        [
            conversation,
            new LastTurnRetracted(conversation.Id, sent.UserMessageId, sent.AssistantMessageId),
            new ConversationDeleted(conversation.Id)
        ], heard.ToArray());
        Assert.Equal(0, strangerHeard);
    }

    [Fact]
    public async Task A_conversation_named_by_its_creator_keeps_its_name()
    {
        var user = await TestUser.RegisterAsync(fixture.HostA.CreateClient());
        var conversation = await user.Client.CreateConversationAsync(title: "Trip plans");
        await using var chat = await ChatConnection.ConnectAsync(fixture.HostA.ServerAddress, user.AccessToken);

        var sent = await chat.SendAsync(conversation.Id, StreamingFixture.Question(out var marker));
        (await fixture.Model.CallForAsync(marker)).Finish();
        await chat.WaitForFinalAsync(sent.AssistantMessageId);

        Assert.Equal("Trip plans", (await user.Client.GetFromJsonAsync<ConversationSummary>($"/api/conversations/{conversation.Id}"))!.Title);
    }

    [Fact]
    public async Task Renaming_sets_the_title_checks_it_and_hides_other_peoples_conversations()
    {
        var owner = await TestUser.RegisterAsync(fixture.HostA.CreateClient());
        var stranger = await TestUser.RegisterAsync(fixture.HostA.CreateClient());
        var conversation = await owner.Client.CreateConversationAsync();

        var renamed = await owner.Client.PatchAsJsonAsync($"/api/conversations/{conversation.Id}", new { title = "  Release notes  " });
        var empty = await owner.Client.PatchAsJsonAsync($"/api/conversations/{conversation.Id}", new { title = " " });
        var tooLong = await owner.Client.PatchAsJsonAsync($"/api/conversations/{conversation.Id}", new { title = new string('x', 201) });
        var notTheirs = await stranger.Client.PatchAsJsonAsync($"/api/conversations/{conversation.Id}", new { title = "mine now" });

        Assert.Equal("Release notes", (await renamed.Content.ReadFromJsonAsync<ConversationSummary>())!.Title);
        Assert.Equal(["title"], await empty.ProblemFieldsAsync());
        Assert.Equal(["title"], await tooLong.ProblemFieldsAsync());
        Assert.Equal(HttpStatusCode.NotFound, notTheirs.StatusCode);
        Assert.Equal("Release notes", (await owner.Client.GetFromJsonAsync<ConversationSummary>($"/api/conversations/{conversation.Id}"))!.Title);
    }

    [Fact]
    public async Task The_last_question_and_its_answer_can_be_taken_back_once_the_answer_ended_and_only_by_the_owner()
    {
        var (user, chat, conversationId) = await fixture.NewChatAsync();
        await using var _ = chat;
        var stranger = await TestUser.RegisterAsync(fixture.HostA.CreateClient());
        var sent = await chat.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var call = await fixture.Model.CallForAsync(marker);

        var whileStreaming = await user.Client.DeleteAsync($"/api/conversations/{conversationId}/last-turn");
        call.Emit("An answer");
        call.Finish();
        await StreamingTests.WaitForStoredAsync(user, conversationId, sent.AssistantMessageId, "complete");
        var byStranger = await stranger.Client.DeleteAsync($"/api/conversations/{conversationId}/last-turn");
        var byOwner = await user.Client.DeleteAsync($"/api/conversations/{conversationId}/last-turn");
        var again = await user.Client.DeleteAsync($"/api/conversations/{conversationId}/last-turn");

        Assert.Equal(HttpStatusCode.Conflict, whileStreaming.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byStranger.StatusCode);
        var retracted = (await byOwner.Content.ReadFromJsonAsync<RetractedTurn>())!;
        Assert.Equal((sent.UserMessageId, sent.AssistantMessageId), (retracted.QuestionId, retracted.AnswerId));
        Assert.Contains(marker, retracted.Question);
        Assert.Empty(await StreamingTests.MessagesAsync(user, conversationId));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }
}
