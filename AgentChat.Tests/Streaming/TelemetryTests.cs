using System.Diagnostics.Metrics;
using AgentChat.Api.Streaming;
using AgentChat.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AgentChat.Tests.Streaming;

/// <summary>NFR2 telemetry, with a budget of 1 s so a breach is quick to provoke.</summary>
public sealed class TelemetryTests : IAsyncLifetime
{
    private readonly ScriptedChatClient _model = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private ApiFactory _host = null!;

    public async Task InitializeAsync()
    {
        var servers = await SharedServers.GetAsync();
        _host = new ApiFactory(servers, $"telemetry_{Guid.NewGuid():N}", services =>
        {
            services.UseModel(_model);
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(_time);
        }, new Dictionary<string, string?>
        {
            ["Streaming:Nfr2Budget"] = "00:00:01",
            // The merge window waits on this fake clock, which only the tests move: publish every token at once.
            ["Streaming:ChunkMergeWindow"] = "00:00:00"
        }, kestrel: true);
        _ = _host.ServerAddress;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Time_to_first_token_outcomes_chunks_and_nfr2_breaches_are_measured()
    {
        var meters = _host.Services.GetRequiredService<IMeterFactory>();
        using var firstToken = new MetricCollector<double>(meters, StreamingTelemetry.Name, StreamingTelemetry.TimeToFirstTokenName);
        using var breaches = new MetricCollector<long>(meters, StreamingTelemetry.Name, StreamingTelemetry.Nfr2BreachesName);
        using var outcomes = new MetricCollector<long>(meters, StreamingTelemetry.Name, StreamingTelemetry.OutcomesName);
        using var chunks = new MetricCollector<long>(meters, StreamingTelemetry.Name, StreamingTelemetry.ChunksName);
        var user = await TestUser.RegisterAsync(_host.CreateClient());
        var conversation = await Api.ApiJson.CreateConversationAsync(user.Client);
        await using var chat = await ChatConnection.ConnectAsync(_host.ServerAddress, user.AccessToken);

        var fast = await chat.SendAsync(conversation.Id, StreamingFixture.Question(out var fastMarker));
        var fastCall = await _model.CallForAsync(fastMarker);
        fastCall.Emit("quick");
        fastCall.Finish();
        await chat.WaitForFinalAsync(fast.AssistantMessageId);
        await Eventually.HoldsAsync(() => outcomes.GetMeasurementSnapshot().Count == 1, "timed out waiting for telemetry");
        Assert.Empty(breaches.GetMeasurementSnapshot());

        var slow = await chat.SendAsync(conversation.Id, StreamingFixture.Question(out var slowMarker));
        var slowCall = await _model.CallForAsync(slowMarker);
        _time.Advance(TimeSpan.FromMilliseconds(1300)); // past the 1 s budget
        slowCall.Emit("late");
        await chat.WaitForSequenceAsync(slow.AssistantMessageId, 1);
        await chat.StopAsync(slow.AssistantMessageId);
        await chat.WaitForFinalAsync(slow.AssistantMessageId);
        // The first-token and NFR2 figures are recorded before the final chunk, the outcome with it.
        Assert.Equal(2, firstToken.GetMeasurementSnapshot().Count);
        await Eventually.HoldsAsync(() => outcomes.GetMeasurementSnapshot().Count == 2, "timed out waiting for telemetry");

        var ttft = firstToken.GetMeasurementSnapshot();
        Assert.Equal(2, ttft.Count);
        Assert.Equal([0.0, 1.3], ttft.Select(m => Math.Round(m.Value, 3)));
        Assert.Single(breaches.GetMeasurementSnapshot());
        Assert.Equal(["complete", "stopped"], outcomes.GetMeasurementSnapshot().Select(m => (string)m.Tags[StreamingTelemetry.StatusTag]!));
        Assert.True(chunks.GetMeasurementSnapshot().Count >= 4); // two text chunks and two final chunks
    }

    [Fact]
    public async Task Streamed_thinking_is_the_first_output_so_a_slow_first_answer_token_is_no_nfr2_breach()
    {
        var meters = _host.Services.GetRequiredService<IMeterFactory>();
        using var firstToken = new MetricCollector<double>(meters, StreamingTelemetry.Name, StreamingTelemetry.TimeToFirstTokenName);
        using var firstOutput = new MetricCollector<double>(meters, StreamingTelemetry.Name, StreamingTelemetry.TimeToFirstOutputName);
        using var breaches = new MetricCollector<long>(meters, StreamingTelemetry.Name, StreamingTelemetry.Nfr2BreachesName);
        var user = await TestUser.RegisterAsync(_host.CreateClient());
        var conversation = await Api.ApiJson.CreateConversationAsync(user.Client);
        await using var chat = await ChatConnection.ConnectAsync(_host.ServerAddress, user.AccessToken);

        var thinking = await chat.SendAsync(conversation.Id, StreamingFixture.Question(out var thinkingMarker));
        var thinkingCall = await _model.CallForAsync(thinkingMarker);
        _time.Advance(TimeSpan.FromMilliseconds(200));
        thinkingCall.EmitReasoning("Let me think.");
        await chat.WaitForSequenceAsync(thinking.AssistantMessageId, 1);
        _time.Advance(TimeSpan.FromMilliseconds(1300)); // the answer's first text comes past the 1 s budget
        thinkingCall.Emit("Done.");
        thinkingCall.Finish();
        await chat.WaitForFinalAsync(thinking.AssistantMessageId);

        Assert.Equal([0.2], firstOutput.GetMeasurementSnapshot().Select(m => Math.Round(m.Value, 3)));
        Assert.Equal([1.5], firstToken.GetMeasurementSnapshot().Select(m => Math.Round(m.Value, 3)));
        Assert.Empty(breaches.GetMeasurementSnapshot());

        var silent = await chat.SendAsync(conversation.Id, StreamingFixture.Question(out var silentMarker));
        var silentCall = await _model.CallForAsync(silentMarker);
        _time.Advance(TimeSpan.FromMilliseconds(1100)); // nothing visible for longer than the budget
        silentCall.EmitReasoning("Finally.");
        silentCall.Emit("Late.");
        silentCall.Finish();
        await chat.WaitForFinalAsync(silent.AssistantMessageId);

        Assert.Equal([0.2, 1.1], firstOutput.GetMeasurementSnapshot().Select(m => Math.Round(m.Value, 3)));
        Assert.Single(breaches.GetMeasurementSnapshot());
    }
}
