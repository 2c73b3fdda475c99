using System.Text.Json;
using AgentChat.Api.Streaming.Chunks;
using AgentChat.Contracts;
using AgentChat.LocalServices;
using AgentChat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using BrowserConnection = AgentChat.Web.Client.Chat.ChatConnection;
using HubException = Microsoft.AspNetCore.SignalR.HubException;

namespace AgentChat.Tests.Streaming;

/// <summary>
/// ResumeStreamCompact (our clients) and ResumeStreamBatched (protocol version 2) replay the log in
/// batches (the fixture reads 4 chunks first, then 16 at a time): compact MessageChunkBatch events
/// and MessageChunks arrays; ResumeStream still replays chunk by chunk for clients that know only it.
/// A compact resume from the start of a sealed segment (the fixture seals chunks 1-4, then every 8
/// chunks, and the rest at the end) sends the segments as stored and reads only what follows them from the log.
/// </summary>
[Collection(StreamingCollection.Name)]
public sealed class BatchedResumeTests(StreamingFixture fixture)
{
    private const int FirstBatch = 4;
    private const int Batch = 16;
    private const int Segment = 8;

    private IDatabase Redis => fixture.HostA.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();

    /// <summary>
    /// ResumeStreamBatched reads the log: 4 chunks, then batches of 16. ResumeStreamCompact from the
    /// start sends the sealed segments: 4 chunks, then 8 at a time, then the rest with the final chunk.
    /// </summary>
    [Theory]
    [InlineData(ChatHubMethods.ResumeStreamBatched, Batch)]
    [InlineData(ChatHubMethods.ResumeStreamCompact, Segment)]
    public async Task Resume_of_a_finished_answer_from_the_start_delivers_every_chunk_once_in_order_in_batches_of_the_expected_sizes(
        string method, int size)
    {
        var (user, live, messageId) = await fixture.FinishedAnswerAsync(pairs: 30);
        await using var reloaded = await ChatConnection.ConnectAsync(fixture.HostA.ServerAddress, user.AccessToken);

        var result = await reloaded.Hub.InvokeAsync<ResumeResult>(method, messageId.ToString(), 0L);
        var replayed = await reloaded.WaitForFinalAsync(messageId);
        var batches = reloaded.BatchesOf(messageId);

        Assert.Equal((WireStatus.Complete, live.Count, live[^1].Sequence, true), (result.Status, result.Replayed, result.LastSequence, result.LogAvailable));
        Assert.Equal(live, replayed);
        Assert.Equal(live, batches.SelectMany(b => b));
        Assert.Equal(FirstBatch, batches[0].Length);
        Assert.All(batches.Skip(1).SkipLast(1), b => Assert.Equal(size, b.Length));
        Assert.Equal((live.Count - FirstBatch) % size == 0 ? size : (live.Count - FirstBatch) % size, batches[^1].Length);
    }

    [Fact]
    public async Task Compact_resume_from_the_start_reads_sealed_chunks_from_their_segments_not_from_the_log()
    {
        var (user, live, messageId) = await fixture.FinishedAnswerAsync(pairs: 10);
        // Proof that the segments serve: the log keeps only its final chunk.
        var log = RedisKeys.Log(messageId);
        var entries = await Redis.StreamRangeAsync(log);
        await Redis.StreamDeleteAsync(log, entries.SkipLast(1).Select(e => e.Id).ToArray());
        await using var reloaded = await ChatConnection.ConnectAsync(fixture.HostA.ServerAddress, user.AccessToken);

        var result = await reloaded.ResumeAsync(messageId, 0);
        var replayed = await reloaded.WaitForFinalAsync(messageId);

        Assert.Equal((live.Count, live[^1].Sequence, WireStatus.Complete), (result.Replayed, result.LastSequence, result.Status));
        Assert.Equal(live, replayed);
    }

    [Fact]
    public async Task Compact_resume_of_a_streaming_answer_sends_the_sealed_segments_then_the_rest_of_the_log_then_live_chunks()
    {
        var (user, owner, conversationId) = await fixture.NewChatAsync();
        await using var _ = owner;
        var sent = await owner.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var call = await fixture.Model.CallForAsync(marker);
        StreamingFixture.EmitAlternating(call, from: 0, pairs: 8);
        await owner.WaitForSequenceAsync(sent.AssistantMessageId, 16);
        await Eventually.HoldsAsync(async () => await Redis.HashExistsAsync(RedisKeys.Segments(sent.AssistantMessageId), LogSegment.Field(5)),
            "Chunks 1-4 and 5-12 were never sealed.");
        await using var tab = await ChatConnection.ConnectAsync(fixture.HostA.ServerAddress, user.AccessToken);

        var result = await tab.ResumeAsync(sent.AssistantMessageId, 0);
        StreamingFixture.EmitAlternating(call, from: 10, pairs: 3);
        call.Finish();
        var everything = await owner.WaitForFinalAsync(sent.AssistantMessageId);
        var arrived = await tab.WaitForFinalAsync(sent.AssistantMessageId);

        Assert.Equal((WireStatus.Streaming, 16L), (result.Status, result.LastSequence));
        var batches = tab.BatchesOf(sent.AssistantMessageId);
        Assert.Equal([FirstBatch, Segment, 4], batches.Select(b => b.Length));
        Assert.Equal(Enumerable.Range(1, 16).Select(i => (long)i), batches.SelectMany(b => b).Select(c => c.Sequence));
        Assert.Equal(everything, arrived.DistinctBy(c => c.Sequence).OrderBy(c => c.Sequence));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_missing_or_unreadable_segment_is_skipped_and_the_log_serves_from_there_with_nothing_lost_or_doubled(bool unreadable)
    {
        var (user, live, messageId) = await fixture.FinishedAnswerAsync(pairs: 15);
        var segments = RedisKeys.Segments(messageId);
        if (unreadable)
        {
            await Redis.HashSetAsync(segments, 5, "12 -\n{\"messageId\":");
        }
        else
        {
            await Redis.HashDeleteAsync(segments, 5);
        }
        await using var reloaded = await ChatConnection.ConnectAsync(fixture.HostA.ServerAddress, user.AccessToken);

        var result = await reloaded.ResumeAsync(messageId, 0);
        var replayed = await reloaded.WaitForFinalAsync(messageId);

        Assert.Equal((live.Count, live[^1].Sequence), (result.Replayed, result.LastSequence));
        Assert.Equal(live, replayed);
        var batches = reloaded.BatchesOf(messageId);
        Assert.Equal([FirstBatch, Batch], batches.Take(2).Select(b => b.Length));
        Assert.Equal(live, batches.SelectMany(b => b));
    }

    [Fact]
    public async Task Batched_resume_from_the_middle_replays_only_the_chunks_after_the_given_sequence()
    {
        var (user, live, messageId) = await fixture.FinishedAnswerAsync(pairs: 15);
        await using var reloaded = await ChatConnection.ConnectAsync(fixture.HostA.ServerAddress, user.AccessToken);

        var result = await reloaded.ResumeAsync(messageId, 17);
        var replayed = await reloaded.WaitForFinalAsync(messageId);

        Assert.Equal((live.Count - 17, live[^1].Sequence), (result.Replayed, result.LastSequence));
        Assert.Equal(live.Where(c => c.Sequence > 17), replayed);
        Assert.Equal(18, reloaded.BatchesOf(messageId)[0][0].Sequence);
    }

    [Fact]
    public async Task Batched_resume_of_a_streaming_answer_replays_the_log_in_batches_then_follows_it_live_chunk_by_chunk()
    {
        var (user, owner, conversationId) = await fixture.NewChatAsync();
        await using var _ = owner;
        var sent = await owner.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var call = await fixture.Model.CallForAsync(marker);
        StreamingFixture.EmitAlternating(call, from: 0, pairs: 10);
        await owner.WaitForSequenceAsync(sent.AssistantMessageId, 20);
        await using var tab = await ChatConnection.ConnectAsync(fixture.HostA.ServerAddress, user.AccessToken);

        var result = await tab.ResumeAsync(sent.AssistantMessageId, 0);
        StreamingFixture.EmitAlternating(call, from: 10, pairs: 10);
        call.Finish();
        var everything = await owner.WaitForFinalAsync(sent.AssistantMessageId);
        var arrived = await tab.WaitForFinalAsync(sent.AssistantMessageId);

        Assert.Equal(WireStatus.Streaming, result.Status);
        Assert.Equal(Enumerable.Range(1, (int)result.LastSequence).Select(i => (long)i),
            tab.BatchesOf(sent.AssistantMessageId).SelectMany(b => b).Select(c => c.Sequence));
        Assert.Equal(everything, arrived.DistinctBy(c => c.Sequence).OrderBy(c => c.Sequence));
        Assert.Contains(arrived, c => c.Sequence > result.LastSequence);
    }

    [Theory]
    [InlineData(ChatHubMethods.ResumeStreamCompact)]
    [InlineData(ChatHubMethods.ResumeStreamBatched)]
    [InlineData(ChatHubMethods.ResumeStream)]
    public async Task Resume_of_another_users_message_is_not_found_and_sends_nothing(string method)
    {
        var (_, live, messageId) = await fixture.FinishedAnswerAsync(pairs: 2);
        var (_, stranger, _) = await fixture.NewChatAsync();
        await using var _ = stranger;

        var error = await Assert.ThrowsAsync<HubException>(() => stranger.Hub.InvokeAsync<ResumeResult>(method, messageId.ToString(), 0L));

        Assert.Contains("Message not found.", error.Message);
        Assert.NotEmpty(live);
        Assert.Empty(stranger.All);
    }

    [Fact]
    public async Task Batched_resume_from_a_log_that_lost_its_head_sends_no_batch_and_says_the_log_is_not_available()
    {
        var (user, chat, conversationId) = await fixture.NewChatAsync();
        await using var _ = chat;
        var sent = await chat.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var call = await fixture.Model.CallForAsync(marker);
        call.Emit("one ");
        await chat.WaitForSequenceAsync(sent.AssistantMessageId, 1);
        await fixture.DropLogHeadAsync(sent.AssistantMessageId);
        await using var reader = await ChatConnection.ConnectAsync(fixture.HostA.ServerAddress, user.AccessToken);

        var result = await reader.ResumeAsync(sent.AssistantMessageId, 0);

        Assert.Equal((false, 0, 0L, WireStatus.Streaming), (result.LogAvailable, result.Replayed, result.LastSequence, result.Status));
        Assert.Empty(reader.BatchesOf(sent.AssistantMessageId));
        Assert.Empty(reader.ChunksOf(sent.AssistantMessageId));
        call.Finish();
        await chat.WaitForFinalAsync(sent.AssistantMessageId);
    }

    [Fact]
    public async Task The_browsers_connection_hands_a_replayed_batchs_chunks_to_the_page_one_by_one_in_order()
    {
        var (user, live, messageId) = await fixture.FinishedAnswerAsync(pairs: 15);
        var hubUrl = new Uri(fixture.HostA.ServerAddress, $"{ChatHubMethods.HubPath}?access_token={Uri.EscapeDataString(user.AccessToken)}");
        await using var browser = new BrowserConnection(hubUrl);
        var raised = new List<MessageChunk>();
        var ended = new TaskCompletionSource();
        browser.ChunkReceived += chunk =>
        {
            raised.Add(chunk);
            if (chunk.IsComplete)
            {
                ended.TrySetResult();
            }
        };
        await browser.StartAsync(CancellationToken.None);

        await browser.ResumeStreamAsync(messageId, 0);
        await ended.Task.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(live, raised);
    }

    [Fact]
    public async Task ResumeStream_still_replays_every_chunk_as_its_own_message_chunk_event()
    {
        var (user, live, messageId) = await fixture.FinishedAnswerAsync(pairs: 15);
        await using var oldClient = await ChatConnection.ConnectAsync(fixture.HostA.ServerAddress, user.AccessToken);

        var result = await oldClient.ResumeChunkByChunkAsync(messageId, 0);
        var replayed = await oldClient.WaitForFinalAsync(messageId);

        Assert.Equal((WireStatus.Complete, live.Count, live[^1].Sequence), (result.Status, result.Replayed, result.LastSequence));
        Assert.Equal(live, replayed);
        Assert.Empty(oldClient.BatchesOf(messageId));
    }

    [Fact]
    public async Task A_message_chunks_event_is_one_array_of_the_very_message_chunk_objects_resume_stream_sends_one_by_one()
    {
        var (user, live, messageId) = await fixture.FinishedAnswerAsync(pairs: 10);
        var single = new List<JsonElement>();
        var batches = new List<JsonElement>();
        var singleEnded = new TaskCompletionSource();
        var batchesEnded = new TaskCompletionSource();
        await using var raw = HubConnections.Create(fixture.HostA.ServerAddress, user.AccessToken);
        raw.On<JsonElement>(ChatHubMethods.MessageChunk, chunk =>
        {
            single.Add(chunk);
            if (chunk.GetProperty("isComplete").GetBoolean())
            {
                singleEnded.SetResult();
            }
        });
        raw.On<JsonElement>(ChatHubMethods.MessageChunks, batch =>
        {
            batches.Add(batch);
            if (batch[batch.GetArrayLength() - 1].GetProperty("isComplete").GetBoolean())
            {
                batchesEnded.SetResult();
            }
        });
        await raw.StartAsync();

        await raw.InvokeAsync<ResumeResult>(ChatHubMethods.ResumeStream, messageId.ToString(), 0L);
        await raw.InvokeAsync<ResumeResult>(ChatHubMethods.ResumeStreamBatched, messageId.ToString(), 0L);
        await Task.WhenAll(singleEnded.Task, batchesEnded.Task).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.All(batches, b => Assert.Equal(JsonValueKind.Array, b.ValueKind));
        var batched = batches.SelectMany(b => b.EnumerateArray()).ToList();
        Assert.Equal(live.Count, batched.Count);
        Assert.Equal(single.Select(c => c.GetRawText()), batched.Select(c => c.GetRawText()));
        Assert.All(batched, c =>
        {
            Assert.Equal(MessageChunk.TypeName, c.GetProperty("type").GetString());
            foreach (var name in new[] { "messageId", "conversationId", "agentId", "sequence", "chunk", "isComplete", "status", "kind" })
            {
                Assert.True(c.TryGetProperty(name, out _), $"no {name} in {c.GetRawText()}");
            }
        });
        Assert.Equal(live.Select(c => c.Sequence), batched.Select(c => c.GetProperty("sequence").GetInt64()));
    }

    [Fact]
    public async Task A_compact_batch_names_the_message_once_and_each_chunk_only_by_what_is_its_own_and_expands_to_what_resume_stream_sends()
    {
        var (user, live, messageId) = await fixture.FinishedAnswerAsync(pairs: 10);
        var batches = new List<JsonElement>();
        var ended = new SemaphoreSlim(0);
        await using var raw = HubConnections.Create(fixture.HostA.ServerAddress, user.AccessToken);
        raw.On<JsonElement>(ChatHubMethods.MessageChunkBatch, batch =>
        {
            batches.Add(batch);
            var chunks = batch.GetProperty("chunks");
            if (chunks[chunks.GetArrayLength() - 1].TryGetProperty("isComplete", out _))
            {
                ended.Release();
            }
        });
        await raw.StartAsync();

        // From the start: the sealed segments as stored. From sequence 1 (inside the first
        // segment): batches the hub serializes from the log. Both must read the same.
        var result = await raw.InvokeAsync<ResumeResult>(ChatHubMethods.ResumeStreamCompact, messageId.ToString(), 0L);
        Assert.True(await ended.WaitAsync(TimeSpan.FromSeconds(20)));
        var fromSegments = batches.ToList();
        batches.Clear();
        await raw.InvokeAsync<ResumeResult>(ChatHubMethods.ResumeStreamCompact, messageId.ToString(), 1L);
        Assert.True(await ended.WaitAsync(TimeSpan.FromSeconds(20)));
        var fromLog = batches.ToList();

        Assert.Equal((live.Count, live[^1].Sequence), (result.Replayed, result.LastSequence));
        Assert.Equal([FirstBatch, Segment], fromSegments.Take(2).Select(b => b.GetProperty("chunks").GetArrayLength()));
        Assert.Equal([FirstBatch, Batch], fromLog.Take(2).Select(b => b.GetProperty("chunks").GetArrayLength()));
        foreach (var replay in new[] { fromSegments, fromLog })
        {
            var text = replay.SelectMany(b => b.GetProperty("chunks").EnumerateArray()).First(c => c.TryGetProperty("chunk", out _));
            Assert.Equal(["sequence", "chunk"], text.EnumerateObject().Select(p => p.Name));
            Assert.All(replay, b => Assert.Equal(["messageId", "conversationId", "agentId", "chunks"], b.EnumerateObject().Select(p => p.Name)));
        }
        Assert.Equal(fromSegments.SelectMany(b => b.GetProperty("chunks").EnumerateArray()).Skip(1).Select(c => c.GetRawText()),
            fromLog.SelectMany(b => b.GetProperty("chunks").EnumerateArray()).Select(c => c.GetRawText()));
        var expanded = fromSegments.SelectMany(b => b.Deserialize<MessageChunkBatch>(JsonSerializerOptions.Web)!.Expand());
        Assert.Equal(live, expanded);
    }

    /// <summary>
    /// A batched resume reads the log at once, beside its ownership check, so a chunk logged while
    /// the check waits comes after that first read; a compact resume from the start reads the log
    /// only after the check, as the answer has no sealed segment yet. Either way it is replayed.
    /// </summary>
    [Theory]
    [InlineData(ChatHubMethods.ResumeStreamBatched)]
    [InlineData(ChatHubMethods.ResumeStreamCompact)]
    public async Task A_chunk_logged_while_the_resume_waits_on_its_ownership_check_is_replayed(string method)
    {
        var (user, owner, conversationId) = await fixture.NewChatAsync();
        await using var _ = owner;
        var sent = await owner.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var call = await fixture.Model.CallForAsync(marker);
        call.Emit("one ");
        await owner.WaitForSequenceAsync(sent.AssistantMessageId, 1);
        await using var reader = await ChatConnection.ConnectAsync(fixture.HostA.ServerAddress, user.AccessToken);

        // Holding the messages table keeps the ownership check waiting while a second chunk is
        // logged, before the reader has joined.
        Task<ResumeResult> resuming;
        await using (var lockHolder = await fixture.LockMessagesAsync())
        {
            resuming = reader.Hub.InvokeAsync<ResumeResult>(method, sent.AssistantMessageId.ToString(), 0L);
            await lockHolder.WaitUntilSomeoneWaitsAsync();
            call.Emit("two ");
            await owner.WaitForSequenceAsync(sent.AssistantMessageId, 2);
        }
        await resuming;
        call.Finish();
        var everything = await owner.WaitForFinalAsync(sent.AssistantMessageId);
        var arrived = await reader.WaitForFinalAsync(sent.AssistantMessageId, TimeSpan.FromSeconds(5));

        Assert.Equal(everything, arrived.DistinctBy(c => c.Sequence).OrderBy(c => c.Sequence));
    }
}
