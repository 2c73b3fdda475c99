using AgentChat.Tests.Infrastructure;
using AgentChat.Tests.Streaming;
using HubException = Microsoft.AspNetCore.SignalR.HubException;

namespace AgentChat.Tests.Conversations;

/// <summary>A conversation answers one question at a time, whichever replica each question reaches.</summary>
[Collection(StreamingCollection.Name)]
public sealed class OneAnswerAtATimeTests(StreamingFixture fixture)
{
    [Fact]
    public async Task A_question_sent_while_the_conversation_is_answering_is_refused_on_every_replica_and_nothing_is_stored()
    {
        var (user, onA, conversationId) = await fixture.NewChatAsync();
        await using var _ = onA;
        await using var onB = await ChatConnection.ConnectAsync(fixture.HostB.ServerAddress, user.AccessToken);
        var first = await onA.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var call = await fixture.Model.CallForAsync(marker);

        var sameReplica = await Assert.ThrowsAsync<HubException>(() => onA.SendAsync(conversationId, "bravo"));
        var otherReplica = await Assert.ThrowsAsync<HubException>(() => onB.SendAsync(conversationId, "charlie"));

        Assert.Contains("This conversation is still answering", sameReplica.Message);
        Assert.Contains("This conversation is still answering", otherReplica.Message);
        Assert.Equal(2, (await StreamingTests.MessagesAsync(user, conversationId)).Length);
        call.Emit("About alpha");
        call.Finish();
        await onA.WaitForFinalAsync(first.AssistantMessageId);
        await StreamingTests.WaitForStoredAsync(user, conversationId, first.AssistantMessageId, "complete");
    }

    [Fact]
    public async Task Once_the_answer_ends_the_next_question_is_answered_with_it_in_the_history()
    {
        var (_, chat, conversationId) = await fixture.NewChatAsync();
        await using var _ = chat;
        var first = await chat.SendAsync(conversationId, StreamingFixture.Question(out var firstMarker));
        var firstCall = await fixture.Model.CallForAsync(firstMarker);
        firstCall.Emit("About alpha");
        firstCall.Finish();
        await chat.WaitForFinalAsync(first.AssistantMessageId);

        await chat.SendAsync(conversationId, StreamingFixture.Question(out var secondMarker));
        var secondCall = await fixture.Model.CallForAsync(secondMarker);
        secondCall.Finish();

        Assert.Contains(secondCall.Messages, m => m.Text == "About alpha");
    }
}
