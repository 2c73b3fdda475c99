using AgentChat.Api.Streaming.Chunks;
using AgentChat.Contracts;
using AgentChat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using HubException = Microsoft.AspNetCore.SignalR.HubException;

namespace AgentChat.Tests.Streaming;

/// <summary>
/// Once an answer has sealed segments, they also say whose it is (<see cref="SegmentOwner"/>), so
/// its owner resumes it without a database query. Deleting the answer, with its conversation or by
/// taking back the turn, forgets its log and segments first, and a segment written after that
/// never vouches for it again: a deleted answer is "not found" on every resume.
/// </summary>
[Collection(StreamingCollection.Name)]
public sealed class ResumeOwnershipTests(StreamingFixture fixture)
{
    public static readonly TheoryData<string> ResumeMethods =
        [ChatHubMethods.ResumeStreamCompact, ChatHubMethods.ResumeStreamBatched, ChatHubMethods.ResumeStream];

    private IDatabase Redis => fixture.HostA.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();

    [Theory]
    [MemberData(nameof(ResumeMethods))]
    public async Task The_owner_resumes_a_sealed_answer_while_PostgreSQL_cannot_answer(string method)
    {
        var (user, live, messageId) = await fixture.FinishedAnswerAsync(pairs: 10);
        await using var reloaded = await ChatConnection.ConnectAsync(fixture.HostA.ServerAddress, user.AccessToken);

        // Every query of the messages table waits while this is held: a resume that asked
        // PostgreSQL whose answer this is could not finish.
        await using (await fixture.LockMessagesAsync())
        {
            var result = await reloaded.Hub.InvokeAsync<ResumeResult>(method, messageId.ToString(), 0L)
                .WaitAsync(TimeSpan.FromSeconds(10));
            var replayed = await reloaded.WaitForFinalAsync(messageId);

            Assert.Equal((WireStatus.Complete, live.Count, live[^1].Sequence, true),
                (result.Status, result.Replayed, result.LastSequence, result.LogAvailable));
            Assert.Equal(live, replayed);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_deleted_answer_is_not_found_on_any_resume_and_its_log_and_segments_are_gone(bool wholeConversation)
    {
        var (user, live, messageId) = await fixture.FinishedAnswerAsync(pairs: 10);
        Assert.True(await Redis.HashExistsAsync(RedisKeys.Segments(messageId), SegmentOwner.Field));
        var conversationId = live[0].ConversationId;

        var deleted = await user.Client.DeleteAsync(wholeConversation
            ? $"/api/conversations/{conversationId}"
            : $"/api/conversations/{conversationId}/last-turn");

        deleted.EnsureSuccessStatusCode();
        await using var reloaded = await ChatConnection.ConnectAsync(fixture.HostA.ServerAddress, user.AccessToken);
        foreach (var method in ResumeMethods)
        {
            var error = await Assert.ThrowsAsync<HubException>(
                () => reloaded.Hub.InvokeAsync<ResumeResult>(method, messageId.ToString(), 0L));
            Assert.Contains("Message not found.", error.Message);
        }
        Assert.Empty(reloaded.All);
        Assert.False(await Redis.KeyExistsAsync(RedisKeys.Log(messageId)));
        Assert.Equal([SegmentOwner.DeletedField], await Redis.HashKeysAsync(RedisKeys.Segments(messageId)));
    }

    [Fact]
    public async Task A_strangers_compact_resume_has_Redis_read_none_of_the_answers_segments_but_the_first()
    {
        var (owner, _, messageId) = await fixture.FinishedAnswerAsync(pairs: 10);
        Assert.True(await Redis.HashLengthAsync(RedisKeys.Segments(messageId)) >= 3, "The answer should have at least two segments.");
        var (_, stranger, _) = await fixture.NewChatAsync();
        await using var _ = stranger;
        await using var reloaded = await ChatConnection.ConnectAsync(fixture.HostA.ServerAddress, owner.AccessToken);
        await using var monitor = await RedisMonitor.StartAsync(fixture.Servers.RedisPort);
        var readAll = $"\"HGETALL\" \"{RedisKeys.Segments(messageId)}\"";

        var error = await Assert.ThrowsAsync<HubException>(
            () => stranger.Hub.InvokeAsync<ResumeResult>(ChatHubMethods.ResumeStreamCompact, messageId.ToString(), 0L));
        var byStranger = await monitor.LinesUntilNowAsync(Redis);
        await reloaded.Hub.InvokeAsync<ResumeResult>(ChatHubMethods.ResumeStreamCompact, messageId.ToString(), 0L);
        var byOwner = (await monitor.LinesUntilNowAsync(Redis)).Skip(byStranger.Count);

        Assert.Contains("Message not found.", error.Message);
        Assert.DoesNotContain(byStranger, line => line.Contains(readAll, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(byOwner, line => line.Contains(readAll, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_segment_written_after_its_answer_was_forgotten_is_not_stored()
    {
        // The last segment is written after the answer's end is stored, so a deletion can come first.
        var (_, live, messageId) = await fixture.FinishedAnswerAsync(pairs: 2);
        var log = fixture.HostA.Services.GetRequiredService<ChunkLog>();
        await log.ForgetAsync([messageId]);

        await log.SealAsync(live, new SegmentOwner("someone", live[0].ConversationId, live[0].AgentId));

        Assert.Equal([SegmentOwner.DeletedField], await Redis.HashKeysAsync(RedisKeys.Segments(messageId)));
        Assert.True(await Redis.KeyTimeToLiveAsync(RedisKeys.Segments(messageId)) > TimeSpan.Zero);
        var start = await log.ReadResumeStartAsync(messageId, 1);
        Assert.Equal((null, null), (start.Owner, start.Segment));
    }

    [Fact]
    public async Task The_owner_of_a_streaming_answer_resumes_it_from_the_middle_and_gets_its_status_from_PostgreSQL()
    {
        var (user, owner, conversationId) = await fixture.NewChatAsync();
        await using var _ = owner;
        var sent = await owner.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var call = await fixture.Model.CallForAsync(marker);
        StreamingFixture.EmitAlternating(call, from: 0, pairs: 4);
        await owner.WaitForSequenceAsync(sent.AssistantMessageId, 8);
        await Eventually.HoldsAsync(async () => await Redis.HashExistsAsync(RedisKeys.Segments(sent.AssistantMessageId), SegmentOwner.Field),
            "The first segment was never sealed.");
        await using var tab = await ChatConnection.ConnectAsync(fixture.HostA.ServerAddress, user.AccessToken);

        var result = await tab.ResumeBatchedAsync(sent.AssistantMessageId, 5);
        call.Finish();
        var everything = await owner.WaitForFinalAsync(sent.AssistantMessageId);
        var arrived = await tab.WaitForFinalAsync(sent.AssistantMessageId);

        Assert.Equal((WireStatus.Streaming, 8L, 3), (result.Status, result.LastSequence, result.Replayed));
        Assert.Equal(everything.Skip(5), arrived.DistinctBy(c => c.Sequence).OrderBy(c => c.Sequence));
    }
}
