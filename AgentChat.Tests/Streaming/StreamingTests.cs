using System.Net.Http.Json;
using AgentChat.Api.Data;
using AgentChat.Contracts;
using AgentChat.Tests.Api;
using AgentChat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AgentChat.Tests.Streaming;

[Collection(StreamingCollection.Name)]
public sealed class StreamingTests(StreamingFixture fixture)
{
    [Fact]
    public async Task Chunks_carry_the_message_chunk_shape_with_contiguous_sequences_and_one_final_chunk()
    {
        var (_, chat, conversationId) = await fixture.NewChatAsync();
        await using var _ = chat;

        var sent = await chat.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var call = await fixture.Model.CallForAsync(marker);
        call.Emit("Hello", " there", ", Marcus");
        await chat.WaitForSequenceAsync(sent.AssistantMessageId, 1);
        call.Emit("!");
        call.Finish();
        var chunks = await chat.WaitForFinalAsync(sent.AssistantMessageId);

        Assert.Equal(Enumerable.Range(1, chunks.Count).Select(i => (long)i), chunks.Select(c => c.Sequence));
        Assert.All(chunks, c =>
        {
            Assert.Equal("MESSAGE_CHUNK", c.Type);
            Assert.Equal(conversationId, c.ConversationId);
            Assert.Equal(sent.AgentId, c.AgentId);
        });
        Assert.All(chunks.SkipLast(1), c => Assert.Equal((false, "streaming"), (c.IsComplete, c.Status)));
        Assert.Equal((true, "complete", ""), (chunks[^1].IsComplete, chunks[^1].Status, chunks[^1].Chunk));
        Assert.Equal("Hello there, Marcus!", string.Concat(chunks.Select(c => c.Chunk)));
    }

    [Fact]
    public async Task The_stored_answer_equals_the_streamed_chunks_joined_with_its_time_to_first_token()
    {
        var (user, chat, conversationId) = await fixture.NewChatAsync();
        await using var _ = chat;

        var sent = await chat.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var call = await fixture.Model.CallForAsync(marker);
        await Task.Delay(50); // a measurable first-token time
        call.Emit("# Title\n\n", "- one\n", "- two\n");
        call.Finish();
        var chunks = await chat.WaitForFinalAsync(sent.AssistantMessageId);

        var messages = await WaitForStoredAsync(user, conversationId, sent.AssistantMessageId, "complete");
        var answer = messages.Single(m => m.Id == sent.AssistantMessageId);
        Assert.Equal(string.Concat(chunks.Select(c => c.Chunk)), answer.Content);
        Assert.Equal("# Title\n\n- one\n- two\n", answer.Content);
        Assert.InRange(answer.TimeToFirstTokenMs!.Value, 40, 10_000);
        Assert.Equal("scripted-model", answer.Model);
        Assert.NotNull(answer.CompletedAt);
        var question = messages.Single(m => m.Id == sent.UserMessageId);
        Assert.Equal(("user", "complete"), (question.Role, question.Status));
        Assert.Contains(marker, question.Content);
    }

    [Fact]
    public async Task The_model_gets_the_agents_system_prompt_and_the_conversation_so_far()
    {
        var (_, chat, conversationId) = await fixture.NewChatAsync();
        await using var _ = chat;
        var first = await chat.SendAsync(conversationId, StreamingFixture.Question(out var firstMarker));
        var firstCall = await fixture.Model.CallForAsync(firstMarker);
        firstCall.Emit("first answer");
        firstCall.Finish();
        await chat.WaitForFinalAsync(first.AssistantMessageId);

        await chat.SendAsync(conversationId, StreamingFixture.Question(out var secondMarker));
        var secondCall = await fixture.Model.CallForAsync(secondMarker);
        secondCall.Finish();

        Assert.Equal(Microsoft.Extensions.AI.ChatRole.System, secondCall.Messages[0].Role);
        Assert.Equal(["first answer"], secondCall.Messages.Where(m => m.Role == Microsoft.Extensions.AI.ChatRole.Assistant).Select(m => m.Text));
        Assert.Contains(secondMarker, secondCall.Messages[^1].Text);
    }

    [Fact]
    public async Task Resume_after_a_disconnect_delivers_every_missing_chunk_once()
    {
        var (user, chat, conversationId) = await fixture.NewChatAsync();
        var sent = await chat.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var call = await fixture.Model.CallForAsync(marker);
        call.Emit("one ", "two ");
        var seen = await chat.WaitForSequenceAsync(sent.AssistantMessageId, 1);
        await chat.DisposeAsync(); // the network drops

        for (var i = 0; i < 40; i++)
        {
            call.Emit($"w{i} ");
            await Task.Delay(2);
        }
        await using var again = await ChatConnection.ConnectAsync(fixture.HostA.ServerAddress, user.AccessToken);
        var lastSeen = seen.Max(c => c.Sequence);
        var resumed = await again.ResumeAsync(sent.AssistantMessageId, lastSeen);
        call.Emit("end");
        call.Finish();
        var after = await again.WaitForFinalAsync(sent.AssistantMessageId);

        Assert.Equal("streaming", resumed.Status);
        var ordered = after.Where(c => c.Sequence > lastSeen).DistinctBy(c => c.Sequence).OrderBy(c => c.Sequence).ToList();
        Assert.Equal(Enumerable.Range((int)lastSeen + 1, ordered.Count).Select(i => (long)i), ordered.Select(c => c.Sequence));
        Assert.DoesNotContain(after, c => c.Sequence <= lastSeen);
        var text = string.Concat(seen.Where(c => c.Sequence <= lastSeen).OrderBy(c => c.Sequence).Concat(ordered).Select(c => c.Chunk));
        Assert.Equal("one two " + string.Concat(Enumerable.Range(0, 40).Select(i => $"w{i} ")) + "end", text);
    }

    [Fact]
    public async Task A_disconnect_is_not_a_stop_the_answer_completes_without_any_client()
    {
        var (user, chat, conversationId) = await fixture.NewChatAsync();
        var sent = await chat.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var call = await fixture.Model.CallForAsync(marker);
        call.Emit("partial ");
        await chat.WaitForSequenceAsync(sent.AssistantMessageId, 1);

        await chat.DisposeAsync();
        call.Emit("and the rest");
        call.Finish();

        var messages = await WaitForStoredAsync(user, conversationId, sent.AssistantMessageId, "complete");
        Assert.Equal("partial and the rest", messages.Single(m => m.Id == sent.AssistantMessageId).Content);
        Assert.False(call.Cancelled.IsCompleted);
    }

    [Fact]
    public async Task A_reload_after_completion_replays_the_whole_answer_from_sequence_zero()
    {
        var (user, chat, conversationId) = await fixture.NewChatAsync();
        var sent = await chat.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var call = await fixture.Model.CallForAsync(marker);
        var tokens = Enumerable.Range(0, 50).Select(i => $"t{i} ").ToArray();
        foreach (var token in tokens)
        {
            call.Emit(token);
            await Task.Delay(1);
        }
        call.Finish();
        var live = await chat.WaitForFinalAsync(sent.AssistantMessageId);
        await chat.DisposeAsync();

        await using var reloaded = await ChatConnection.ConnectAsync(fixture.HostA.ServerAddress, user.AccessToken);
        var result = await reloaded.ResumeAsync(sent.AssistantMessageId, 0);
        var replay = await reloaded.WaitForAsync(sent.AssistantMessageId, c => c.Count >= live.Count);

        Assert.Equal(("complete", live.Count, live[^1].Sequence), (result.Status, result.Replayed, result.LastSequence));
        Assert.Equal(live.Select(c => (c.Sequence, c.Chunk, c.IsComplete, c.Status)), replay.Select(c => (c.Sequence, c.Chunk, c.IsComplete, c.Status)));
        Assert.Equal(string.Concat(tokens), string.Concat(replay.Select(c => c.Chunk)));
    }

    [Fact]
    public async Task Rest_shows_a_streaming_answer_with_its_text_so_far_and_last_sequence()
    {
        var (user, chat, conversationId) = await fixture.NewChatAsync();
        await using var _ = chat;
        var sent = await chat.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var call = await fixture.Model.CallForAsync(marker);
        call.Emit("Half ", "an ");
        await chat.WaitForAsync(sent.AssistantMessageId, c => string.Concat(c.Select(x => x.Chunk)) == "Half an ");

        var messages = await user.Client.GetFromJsonAsync<MessageSnapshot[]>($"/api/conversations/{conversationId}/messages");
        var answer = messages!.Single(m => m.Id == sent.AssistantMessageId);

        Assert.Equal(("streaming", "Half an "), (answer.Status, answer.Content));
        Assert.Equal(chat.ChunksOf(sent.AssistantMessageId).Max(c => c.Sequence), answer.LastSequence);
        call.Emit("answer");
        call.Finish();
        await chat.WaitForFinalAsync(sent.AssistantMessageId);
    }

    [Fact]
    public async Task Stop_ends_at_once_keeps_the_partial_answer_and_cancels_the_model()
    {
        var (user, chat, conversationId) = await fixture.NewChatAsync();
        await using var _ = chat;
        var sent = await chat.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var call = await fixture.Model.CallForAsync(marker);
        call.Emit("Keep ", "this");
        await chat.WaitForAsync(sent.AssistantMessageId, c => string.Concat(c.Select(x => x.Chunk)) == "Keep this");

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await chat.StopAsync(sent.AssistantMessageId);
        var chunks = await chat.WaitForFinalAsync(sent.AssistantMessageId, TimeSpan.FromSeconds(5));
        var elapsed = stopwatch.Elapsed;

        await call.Cancelled.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"stop took {elapsed.TotalMilliseconds} ms"); // 500 ms budget, slack for a loaded CI box
        Assert.Equal((true, "stopped"), (chunks[^1].IsComplete, chunks[^1].Status));
        call.Emit("too late");
        await Task.Delay(200);
        Assert.Equal(chunks.Count, chat.ChunksOf(sent.AssistantMessageId).Count);
        var messages = await WaitForStoredAsync(user, conversationId, sent.AssistantMessageId, "stopped");
        Assert.Equal("Keep this", messages.Single(m => m.Id == sent.AssistantMessageId).Content);
    }

    [Fact]
    public async Task A_model_failure_mid_stream_ends_as_failed_with_the_partial_kept_and_a_safe_error()
    {
        var (user, chat, conversationId) = await fixture.NewChatAsync();
        await using var _ = chat;
        var sent = await chat.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var call = await fixture.Model.CallForAsync(marker);
        call.Emit("Before the crash");
        await chat.WaitForSequenceAsync(sent.AssistantMessageId, 1);

        call.Fail(new InvalidOperationException("secret upstream detail: key sk-123"));
        var chunks = await chat.WaitForFinalAsync(sent.AssistantMessageId);

        var final = chunks[^1];
        Assert.Equal((true, "failed"), (final.IsComplete, final.Status));
        Assert.Equal(AgentChat.Api.Streaming.Generation.SafeErrors.Generic, final.Chunk);
        var answer = (await WaitForStoredAsync(user, conversationId, sent.AssistantMessageId, "failed")).Single(m => m.Id == sent.AssistantMessageId);
        Assert.Equal("Before the crash", answer.Content);
        Assert.Equal(AgentChat.Api.Streaming.Generation.SafeErrors.Generic, answer.Error);
        Assert.DoesNotContain(chunks, c => c.Chunk.Contains("secret"));
    }

    [Fact]
    public async Task A_second_tab_that_joins_the_conversation_follows_the_answer_live()
    {
        var (user, first, conversationId) = await fixture.NewChatAsync();
        await using var _ = first;
        await using var second = await ChatConnection.ConnectAsync(fixture.HostB.ServerAddress, user.AccessToken);
        await second.Hub.InvokeAsync(ChatHubMethods.JoinConversation, conversationId.ToString());

        var sent = await first.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var call = await fixture.Model.CallForAsync(marker);
        call.Emit("seen ", "in ", "both");
        call.Finish();

        var inFirst = await first.WaitForFinalAsync(sent.AssistantMessageId);
        var inSecond = await second.WaitForFinalAsync(sent.AssistantMessageId);
        Assert.Equal(inFirst.Select(c => (c.Sequence, c.Chunk, c.Status)), inSecond.Select(c => (c.Sequence, c.Chunk, c.Status)));
    }

    [Fact]
    public async Task The_chunk_log_expires_after_the_retention_window_once_the_answer_ends()
    {
        var (_, chat, conversationId) = await fixture.NewChatAsync();
        await using var _ = chat;
        var sent = await chat.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var call = await fixture.Model.CallForAsync(marker);
        call.Emit("short-lived");
        call.Finish();
        await chat.WaitForFinalAsync(sent.AssistantMessageId);

        var redis = fixture.HostA.Services.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>().GetDatabase();
        var ttl = await redis.KeyTimeToLiveAsync(AgentChat.Api.Streaming.Chunks.RedisKeys.Log(sent.AssistantMessageId));

        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
    }

    public static async Task<MessageSnapshot[]> MessagesAsync(TestUser user, Guid conversationId) =>
        (await user.Client.GetFromJsonAsync<MessageSnapshot[]>($"/api/conversations/{conversationId}/messages"))!;

    public static async Task<MessageSnapshot[]> WaitForStoredAsync(TestUser user, Guid conversationId, Guid messageId, string status)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var messages = (await user.Client.GetFromJsonAsync<MessageSnapshot[]>($"/api/conversations/{conversationId}/messages"))!;
            var message = messages.SingleOrDefault(m => m.Id == messageId);
            if (message?.Status == status && message.CompletedAt is not null)
            {
                return messages;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Message {messageId} is {message?.Status}, not {status}.");
            }
            await Task.Delay(50);
        }
    }
}
