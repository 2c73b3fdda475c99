using System.Net;
using System.Net.Http.Json;
using AgentChat.Api.Data;
using AgentChat.Api.Extensions;
using AgentChat.Contracts;
using AgentChat.Tests.Infrastructure;
using AgentChat.Tests.Streaming;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using HubException = Microsoft.AspNetCore.SignalR.HubException;

namespace AgentChat.Tests.Conversations;

/// <summary>
/// The turn is stored in one round trip (Api/Conversations/TurnStore.cs), and a replica remembers
/// who owns the conversations it has seen: neither may weaken the limit, the ownership checks or
/// the stored turn.
/// </summary>
[Collection(StreamingCollection.Name)]
public sealed class TurnStorageTests(StreamingFixture fixture)
{
    [Fact]
    public async Task A_burst_of_sends_on_two_replicas_starts_no_more_answers_than_the_limit()
    {
        var (user, onA, first) = await fixture.NewChatAsync();
        await using var _ = onA;
        await using var onB = await ChatConnection.ConnectAsync(fixture.HostB.ServerAddress, user.AccessToken);
        var conversations = new List<Guid> { first };
        for (var i = 0; i < 5; i++)
        {
            conversations.Add((await Api.ApiJson.CreateConversationAsync(user.Client)).Id);
        }

        var markers = new string[conversations.Count];
        var senders = conversations.Select((_, i) => i % 2 == 0 ? onA : onB).ToArray();
        var sends = conversations.Select((id, i) => senders[i].SendAsync(id, StreamingFixture.Question(out markers[i]))).ToList();
        var outcomes = await Task.WhenAll(sends.Select(async (send, i) =>
        {
            try
            {
                return (Sent: await send, Error: (string?)null, Marker: markers[i], Sender: senders[i]);
            }
            catch (HubException e)
            {
                return (Sent: (SendMessageResult?)null, Error: e.Message, Marker: markers[i], Sender: senders[i]);
            }
        }));

        Assert.Equal(3, outcomes.Count(o => o.Sent is not null));
        Assert.All(outcomes.Where(o => o.Error is not null), o => Assert.Contains("already have 3 answers generating", o.Error));
        var stored = await Task.WhenAll(conversations.Select(id => StreamingTests.MessagesAsync(user, id)));
        Assert.Equal(6, stored.Sum(messages => messages.Length)); // three questions and three answers, nothing of the refused
        foreach (var started in outcomes.Where(o => o.Sent is not null))
        {
            (await fixture.Model.CallForAsync(started.Marker)).Finish();
            await started.Sender.WaitForFinalAsync(started.Sent!.AssistantMessageId);
        }
    }

    [Fact]
    public async Task A_first_message_titles_the_conversation_and_stores_the_question_before_its_streaming_answer()
    {
        var (user, chat, conversationId) = await fixture.NewChatAsync();
        await using var _ = chat;

        var sent = await chat.SendAsync(conversationId, StreamingFixture.Question(out var marker) + "\nsecond line");
        var call = await fixture.Model.CallForAsync(marker);

        var messages = await StreamingTests.MessagesAsync(user, conversationId);
        Assert.Equal([sent.UserMessageId, sent.AssistantMessageId], messages.Select(m => m.Id));
        Assert.Equal(["complete", "streaming"], messages.Select(m => m.Status));
        Assert.Equal(sent.AgentId, messages[1].AgentId);
        var conversation = await user.Client.GetFromJsonAsync<ConversationSummary>($"/api/conversations/{conversationId}");
        Assert.Equal($"Please answer {marker}", conversation!.Title);
        call.Finish();
        await chat.WaitForFinalAsync(sent.AssistantMessageId);
    }

    [Fact]
    public async Task A_deleted_conversation_is_not_found_again_on_the_replica_that_deleted_it()
    {
        var (user, chat, conversationId) = await fixture.NewChatAsync();
        await using var _ = chat;
        var sent = await chat.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        (await fixture.Model.CallForAsync(marker)).Finish();
        await chat.WaitForFinalAsync(sent.AssistantMessageId);
        await StreamingTests.WaitForStoredAsync(user, conversationId, sent.AssistantMessageId, "complete");

        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.DeleteAsync($"/api/conversations/{conversationId}")).StatusCode);

        var join = await Assert.ThrowsAsync<HubException>(() => chat.Hub.InvokeAsync(ChatHubMethods.JoinConversation, conversationId.ToString()));
        Assert.Contains("Conversation not found.", join.Message);
        var send = await Assert.ThrowsAsync<HubException>(() => chat.SendAsync(conversationId, "still there?"));
        Assert.Contains("Conversation not found.", send.Message);
    }

    [Fact]
    public async Task A_deleted_conversation_is_not_found_again_on_a_replica_that_knew_it_either()
    {
        var (user, chat, conversationId) = await fixture.NewChatAsync();
        await using var _ = chat;
        await using var other = await ChatConnection.ConnectAsync(fixture.HostB.ServerAddress, user.AccessToken);
        await other.Hub.InvokeAsync(ChatHubMethods.JoinConversation, conversationId.ToString()); // replica B now knows its owner

        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.DeleteAsync($"/api/conversations/{conversationId}")).StatusCode);

        // The deletion reaches replica B through Redis, a moment after the DELETE returned.
        Exception? join = null;
        await Eventually.HoldsAsync(
            async () => (join = await Record.ExceptionAsync(() => other.Hub.InvokeAsync(ChatHubMethods.JoinConversation, conversationId.ToString()))) is not null,
            "Replica B still lets its owner join the deleted conversation.", poll: TimeSpan.FromMilliseconds(50));
        Assert.Contains("Conversation not found.", Assert.IsType<HubException>(join).Message);
    }

    [Fact]
    public async Task A_turn_that_stores_its_answer_while_the_conversation_is_being_deleted_is_stopped_before_the_conversation_goes()
    {
        var (user, chat, conversationId) = await fixture.NewChatAsync();
        await using var _ = chat;
        await using var userLock = await fixture.LockOwnerOfAsync(conversationId);
        // The turn waits on the user's lock first; the delete finds no answer generating and then
        // must wait on the same lock behind it, so the turn stores its answer before the delete
        // looks again. A delete that did not take the lock would go ahead now, under the turn.
        var sending = chat.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        await userLock.WaitUntilWaitingAsync(1);
        var deleting = user.Client.DeleteAsync($"/api/conversations/{conversationId}");
        await userLock.WaitUntilWaitingAsync(2);

        await userLock.ReleaseAsync();

        var sent = await sending;
        var call = await fixture.Model.CallForAsync(marker);
        Assert.Equal(HttpStatusCode.NoContent, (await deleting).StatusCode);
        await call.Cancelled.WaitAsync(TimeSpan.FromSeconds(10)); // the model's request was cancelled
        var chunks = await chat.WaitForFinalAsync(sent.AssistantMessageId);
        Assert.Equal(WireStatus.Stopped, chunks[^1].Status);
        Assert.Equal(HttpStatusCode.NotFound, (await user.Client.GetAsync($"/api/conversations/{conversationId}")).StatusCode);
    }

    [Fact]
    public void Statements_are_prepared_and_pooled_connections_not_reset_unless_the_connection_string_says_otherwise()
    {
        var tuned = new NpgsqlConnectionStringBuilder(ApplicationServiceExtensions.Tuned("Host=db;Database=chat"));
        var kept = new NpgsqlConnectionStringBuilder(ApplicationServiceExtensions.Tuned("Host=db;Max Auto Prepare=0;No Reset On Close=false"));
        var spelledTogether = new NpgsqlConnectionStringBuilder(ApplicationServiceExtensions.Tuned("Host=db;MaxAutoPrepare=8;NoResetOnClose=false"));

        Assert.Equal(64, tuned.MaxAutoPrepare);
        Assert.Equal(2, tuned.AutoPrepareMinUsages);
        Assert.True(tuned.NoResetOnClose);
        Assert.Equal("chat", tuned.Database);
        Assert.Equal(0, kept.MaxAutoPrepare);
        Assert.False(kept.NoResetOnClose);
        Assert.Equal(8, spelledTogether.MaxAutoPrepare);
        Assert.False(spelledTogether.NoResetOnClose);
    }

    [Fact]
    public async Task A_turn_leaves_no_session_state_on_its_pooled_connection()
    {
        // Pooled connections are not reset when they go back (ApplicationServiceExtensions.Tuned),
        // which is safe only while nothing sets session state: a turn's setting and lock must end with it.
        var (_, chat, conversationId) = await fixture.NewChatAsync();
        await using var _ = chat;
        var sent = await chat.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var call = await fixture.Model.CallForAsync(marker);
        call.Emit("Nothing ", "left.");
        call.Finish();
        await chat.WaitForFinalAsync(sent.AssistantMessageId);

        // Npgsql hands out every idle connection of the pool, the turn's among them, before it opens
        // a new one, and each is a session of this database: holding one more connection than the
        // database has sessions checks them all, however many earlier tests left in the pool.
        var scopes = new List<AsyncServiceScope>();
        try
        {
            var sessions = 1L;
            for (var i = 0; i <= sessions; i++)
            {
                var scope = fixture.HostA.Services.CreateAsyncScope();
                scopes.Add(scope);
                var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
                await db.Database.OpenConnectionAsync();
                var connection = (NpgsqlConnection)db.Database.GetDbConnection();
                Assert.True(new NpgsqlConnectionStringBuilder(connection.ConnectionString).NoResetOnClose);
                await using var command = new NpgsqlCommand(
                    """
                    SELECT (SELECT string_agg(name, ', ') FROM pg_settings WHERE source = 'session'),
                           (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()),
                           (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database())
                    """,
                    connection);
                await using var reader = await command.ExecuteReaderAsync();
                await reader.ReadAsync();
                Assert.True(reader.IsDBNull(0), $"Set for the session: {(reader.IsDBNull(0) ? "" : reader.GetString(0))}");
                Assert.Equal(0, reader.GetInt64(1));
                if (i == 0)
                {
                    sessions = reader.GetInt64(2);
                }
            }
        }
        finally
        {
            foreach (var scope in scopes)
            {
                await scope.DisposeAsync();
            }
        }
    }
}
