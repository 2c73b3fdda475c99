using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Streaming;

/// <summary>Two Api instances sharing PostgreSQL and Redis, as replicas behind a load balancer.</summary>
[Collection(StreamingCollection.Name)]
public sealed class ScaleOutTests(StreamingFixture fixture)
{
    [Fact]
    public async Task A_client_on_another_instance_resumes_the_stream_and_receives_it_live()
    {
        var (user, onA, conversationId) = await fixture.NewChatAsync(fixture.HostA);
        await using var _ = onA;
        var sent = await onA.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var call = await fixture.Model.CallForAsync(marker);
        call.Emit("from ", "A ");
        await onA.WaitForSequenceAsync(sent.AssistantMessageId, 1);

        await using var onB = await ChatConnection.ConnectAsync(fixture.HostB.ServerAddress, user.AccessToken);
        await onB.ResumeAsync(sent.AssistantMessageId, 0);
        call.Emit("still ", "live");
        call.Finish();

        var fromA = await onA.WaitForFinalAsync(sent.AssistantMessageId);
        var fromB = await onB.WaitForFinalAsync(sent.AssistantMessageId);
        var applied = fromB.DistinctBy(c => c.Sequence).OrderBy(c => c.Sequence).ToList();
        Assert.Equal(fromA.Select(c => (c.Sequence, c.Chunk)), applied.Select(c => (c.Sequence, c.Chunk)));
        Assert.Equal("from A still live", string.Concat(applied.Select(c => c.Chunk)));
    }

    [Fact]
    public async Task Stop_from_another_instance_cancels_the_generation_where_it_runs()
    {
        var (user, onA, conversationId) = await fixture.NewChatAsync(fixture.HostA);
        var sent = await onA.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var call = await fixture.Model.CallForAsync(marker);
        call.Emit("partial");
        await onA.WaitForSequenceAsync(sent.AssistantMessageId, 1);
        await onA.DisposeAsync(); // the user's network moved them to the other instance

        await using var onB = await ChatConnection.ConnectAsync(fixture.HostB.ServerAddress, user.AccessToken);
        await onB.ResumeAsync(sent.AssistantMessageId, 1);
        await onB.StopAsync(sent.AssistantMessageId);

        await call.Cancelled.WaitAsync(TimeSpan.FromSeconds(5));
        var chunks = await onB.WaitForFinalAsync(sent.AssistantMessageId, TimeSpan.FromSeconds(5));
        Assert.Equal("stopped", chunks[^1].Status);
        var stored = await StreamingTests.WaitForStoredAsync(user, conversationId, sent.AssistantMessageId, "stopped");
        Assert.Equal("partial", stored.Single(m => m.Id == sent.AssistantMessageId).Content);
    }
}
