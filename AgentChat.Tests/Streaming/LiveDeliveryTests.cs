using AgentChat.Api.Streaming.Chunks;
using AgentChat.Api.Streaming.Ownership;
using AgentChat.Contracts;
using AgentChat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace AgentChat.Tests.Streaming;

/// <summary>
/// How chunks reach viewers: straight to the connections on the generating replica, and through
/// the other replicas' inboxes to theirs, steered by each conversation's viewer set in Redis.
/// </summary>
[Collection(StreamingCollection.Name)]
public sealed class LiveDeliveryTests(StreamingFixture fixture)
{
    [Fact]
    public async Task Viewers_on_both_replicas_get_every_chunk_once_and_in_order_without_resuming()
    {
        var (user, onA, conversationId) = await fixture.NewChatAsync(fixture.HostA);
        await using var _ = onA;
        await using var onB = await ChatConnection.ConnectAsync(fixture.HostB.ServerAddress, user.AccessToken);
        await onB.Hub.InvokeAsync(ChatHubMethods.JoinConversation, conversationId.ToString());

        var sent = await onA.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var call = await fixture.Model.CallForAsync(marker);
        call.Emit("one ", "two ", "three ");
        await onB.WaitForSequenceAsync(sent.AssistantMessageId, 1);
        call.Emit("four");
        call.Finish();

        var fromA = await onA.WaitForFinalAsync(sent.AssistantMessageId);
        var fromB = await onB.WaitForFinalAsync(sent.AssistantMessageId);
        foreach (var chunks in new[] { fromA, fromB })
        {
            Assert.Equal(Enumerable.Range(1, chunks.Count).Select(n => (long)n), chunks.Select(c => c.Sequence));
            Assert.Equal("one two three four", string.Concat(chunks.Where(c => !c.IsComplete).Select(c => c.Chunk)));
        }
    }

    [Fact]
    public async Task A_replica_is_in_a_conversations_viewer_set_while_a_connection_there_watches_it()
    {
        var (user, onA, conversationId) = await fixture.NewChatAsync(fixture.HostA);
        await using var _ = onA;
        var replicaB = InstanceId(fixture.HostB);
        var first = await ChatConnection.ConnectAsync(fixture.HostB.ServerAddress, user.AccessToken);
        await using var second = await ChatConnection.ConnectAsync(fixture.HostB.ServerAddress, user.AccessToken);

        await first.Hub.InvokeAsync(ChatHubMethods.JoinConversation, conversationId.ToString());
        await second.Hub.InvokeAsync(ChatHubMethods.JoinConversation, conversationId.ToString());
        Assert.Contains(replicaB, await ViewersAsync(conversationId));

        await second.Hub.InvokeAsync(ChatHubMethods.LeaveConversation, conversationId.ToString());
        Assert.Contains(replicaB, await ViewersAsync(conversationId)); // the first still watches

        await first.DisposeAsync(); // the last viewer there closes: the replica leaves the set
        await Eventually.HoldsAsync(async () => !(await ViewersAsync(conversationId)).Contains(replicaB), "Replica B never left the viewer set.");
    }

    [Fact]
    public async Task A_replica_that_died_is_dropped_from_the_viewer_set_by_the_next_chunk()
    {
        var (_, onA, conversationId) = await fixture.NewChatAsync(fixture.HostA);
        await using var __ = onA;
        const string gone = "gone-host:1:0123456789abcdef";
        await Redis.SetAddAsync(RedisKeys.Viewers(conversationId), gone);

        var sent = await onA.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var call = await fixture.Model.CallForAsync(marker);
        call.Emit("hello");
        call.Finish();
        await onA.WaitForFinalAsync(sent.AssistantMessageId);

        var viewers = await ViewersAsync(conversationId);
        Assert.DoesNotContain(gone, viewers);
        Assert.Contains(InstanceId(fixture.HostA), viewers); // the sender's own replica stays
    }

    [Fact]
    public async Task A_chunk_logged_twice_after_a_lost_reply_is_neither_logged_nor_forwarded_again()
    {
        var (_, onA, conversationId) = await fixture.NewChatAsync(fixture.HostA);
        await using var __ = onA;
        var log = fixture.HostA.Services.GetRequiredService<ChunkLog>();
        await using var elsewhere = await InboxElsewhereAsync(conversationId);

        var messageId = Guid.NewGuid();
        var chunk = new MessageChunk(messageId, conversationId, Guid.NewGuid(), 1, "once", false, "streaming");
        var next = chunk with { Sequence = 2, Chunk = "next" };
        await AppendAsync(log, chunk);
        await AppendAsync(log, chunk with { Chunk = "again" });
        // A channel delivers in order: once the next chunk's forward arrives, a second one of the first would have.
        await AppendAsync(log, next);
        await Eventually.HoldsAsync(() => elsewhere.Forwarded.Contains(next), "The next chunk was never forwarded.");

        Assert.Equal(2, await Redis.StreamLengthAsync(RedisKeys.Log(messageId)));
        Assert.Equal([chunk, next], elsewhere.Forwarded);
    }

    [Fact]
    public async Task Chunks_of_many_answers_sent_at_once_are_each_logged_and_forwarded_once_and_a_bad_one_fails_alone()
    {
        var log = fixture.HostA.Services.GetRequiredService<ChunkLog>();
        var conversationId = Guid.NewGuid();
        await using var elsewhere = await InboxElsewhereAsync(conversationId);
        var broken = Guid.NewGuid();
        await Redis.StringSetAsync(RedisKeys.Log(broken), "not a stream", TimeSpan.FromMinutes(1));
        var answers = Enumerable.Range(0, 30).Select(_ => Guid.NewGuid()).ToArray();
        var agentId = Guid.NewGuid();
        MessageChunk ChunkOf(Guid messageId, long sequence) =>
            new(messageId, conversationId, agentId, sequence, $"{messageId:N}/{sequence}", false, "streaming");

        // All at once, as many generations publish: the first goes alone, the rest share the writes after it.
        var appends = answers.Select(id => AppendAsync(log, ChunkOf(id, 1))).ToList();
        var bad = AppendAsync(log, ChunkOf(broken, 1));
        appends.AddRange(answers.Select(id => AppendAsync(log, ChunkOf(id, 2))));

        var refused = await Assert.ThrowsAsync<RedisServerException>(() => bad);
        Assert.Contains("WRONGTYPE", refused.Message);
        await Task.WhenAll(appends);
        var expected = answers.SelectMany(id => new[] { ChunkOf(id, 1), ChunkOf(id, 2) }).ToArray();
        await Eventually.HoldsAsync(() => elsewhere.Forwarded.Length >= expected.Length, "Not every chunk was forwarded.");

        foreach (var id in answers)
        {
            var entries = await Redis.StreamRangeAsync(RedisKeys.Log(id));
            Assert.Equal([$"{id:N}/1", $"{id:N}/2"], entries.Select(e => (string)e.Values.Single().Value!));
            Assert.True(await Redis.KeyTimeToLiveAsync(RedisKeys.Log(id)) > TimeSpan.Zero); // the first chunk set the expiry
        }
        // Once each, as sent, and not the broken one.
        Assert.Equal(expected.OrderBy(c => c.Chunk), elsewhere.Forwarded.OrderBy(c => c.Chunk));
        Assert.Equal("not a stream", await Redis.StringGetAsync(RedisKeys.Log(broken)));
    }

    [Fact]
    public async Task A_forwarded_chunk_of_every_kind_arrives_exactly_as_it_was_published()
    {
        var log = fixture.HostA.Services.GetRequiredService<ChunkLog>();
        var answer = new AnswerChunks(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await using var elsewhere = await InboxElsewhereAsync(answer.ConversationId);
        MessageChunk[] published =
        [
            answer.Delta(1, ChunkKind.Reasoning, "Think \"twice\" / once\n"),
            answer.Next(2, "") with { Kind = ChunkKind.ToolCall, Tool = new ToolActivity("c1", "calculator", "{\"x\":\"1/2\"}", "running") },
            answer.Next(3, "") with { Kind = ChunkKind.ToolCall, Tool = new ToolActivity("c1", "calculator", "{\"x\":\"1/2\"}", "completed", "0.5", 4) },
            answer.Next(4, "Ünïcödé 😀 \t <b>&amp;</b> \\ \u0001 end"),
            answer.Next(5, "") with { Kind = ChunkKind.Usage, Usage = new TokenUsage(12, 5, 17) },
            answer.Final(6, AgentChat.Api.Data.MessageStatus.Failed, "The model failed.")
        ];

        foreach (var chunk in published)
        {
            await AppendAsync(log, chunk);
        }
        await Eventually.HoldsAsync(() => elsewhere.Forwarded.Length == published.Length, "Not every chunk was forwarded.");

        Assert.Equal(published, elsewhere.Forwarded);
    }

    /// <summary>
    /// Another replica as the log's script sees it: in the conversation's viewer set, its inbox
    /// subscribed, everything forwarded to it read back as the receiving replica reads it.
    /// </summary>
    private sealed class InboxElsewhere(ChannelMessageQueue inbox, List<MessageChunk> forwarded) : IAsyncDisposable
    {
        public MessageChunk[] Forwarded
        {
            get
            {
                lock (forwarded)
                {
                    return [.. forwarded];
                }
            }
        }

        public async ValueTask DisposeAsync() => await inbox.UnsubscribeAsync();
    }

    private async Task<InboxElsewhere> InboxElsewhereAsync(Guid conversationId)
    {
        var replica = $"listening-host:{Guid.NewGuid():N}";
        var forwarded = new List<MessageChunk>();
        var inbox = await fixture.HostA.Services.GetRequiredService<IConnectionMultiplexer>().GetSubscriber()
            .SubscribeAsync(RedisChannel.Literal(RedisKeys.ChunkInbox(replica)));
        inbox.OnMessage(m =>
        {
            lock (forwarded)
            {
                forwarded.Add(ForwardedChunk.Read((byte[])m.Message!));
            }
        });
        await Redis.SetAddAsync(RedisKeys.Viewers(conversationId), replica);
        return new InboxElsewhere(inbox, forwarded);
    }

    private IDatabase Redis => fixture.HostA.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();

    // As a generation publishes it, from a replica named "owner".
    private static Task AppendAsync(ChunkLog log, MessageChunk chunk) =>
        log.AppendAsync(chunk, new AnswerKeys(new AnswerChunks(chunk.MessageId, chunk.ConversationId, chunk.AgentId)), "owner");

    private static string InstanceId(ApiFactory host) => host.Services.GetRequiredService<GenerationLeases>().InstanceId;

    private async Task<string[]> ViewersAsync(Guid conversationId) =>
        (await Redis.SetMembersAsync(RedisKeys.Viewers(conversationId))).Select(v => v.ToString()).ToArray();
}
