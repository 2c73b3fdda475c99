using System.Diagnostics.Metrics;
using AgentChat.Api.Agents.Tools;
using AgentChat.Contracts;
using AgentChat.Tests.Infrastructure;
using AgentChat.Tests.Streaming;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace AgentChat.Tests.Agents;

/// <summary>Reasoning, tool calls and usage through the real pipeline: hub, function invocation, chunk log, PostgreSQL.</summary>
[Collection(AgentToolsCollection.Name)]
public sealed class ToolCallStreamingTests(AgentToolsFixture fixture)
{
    [Fact]
    public async Task Reasoning_streams_before_the_answer_in_its_own_field_and_is_stored_apart_from_it()
    {
        var (user, chat, conversationId) = await fixture.NewChatAsync();
        await using var _ = chat;

        var sent = await chat.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var call = await fixture.Model.CallForAsync(marker);
        call.EmitReasoning("Let me ", "think.");
        await chat.WaitForSequenceAsync(sent.AssistantMessageId, 1);
        call.Emit("The answer.");
        call.EmitUsage(12, 5);
        call.Finish();
        var chunks = await chat.WaitForFinalAsync(sent.AssistantMessageId);

        Assert.Equal(Enumerable.Range(1, chunks.Count).Select(i => (long)i), chunks.Select(c => c.Sequence));
        Assert.Equal(ChunkKind.Reasoning, chunks[0].Kind);
        Assert.Equal("", chunks[0].Chunk);
        Assert.Equal("Let me think.", string.Concat(chunks.Where(c => c.Kind == ChunkKind.Reasoning).Select(c => c.Reasoning)));
        Assert.Equal("The answer.", string.Concat(chunks.Select(c => c.Chunk).SkipLast(1)));
        Assert.Equal(new TokenUsage(12, 5, 17), chunks.Single(c => c.Kind == ChunkKind.Usage).Usage);
        var stored = (await StreamingTests.WaitForStoredAsync(user, conversationId, sent.AssistantMessageId, "complete"))
            .Single(m => m.Id == sent.AssistantMessageId);
        Assert.Equal(("The answer.", "Let me think."), (stored.Content, stored.Reasoning));
        Assert.Equal(new TokenUsage(12, 5, 17), stored.Usage);
        Assert.NotNull(stored.ReasoningMs);
    }

    [Fact]
    public async Task A_tool_call_streams_running_then_completed_and_the_model_answers_with_its_result()
    {
        using var calls = ToolCalls();
        using var durations = new MetricCollector<double>(Meters, AgentsTelemetry.Name, AgentsTelemetry.ToolDurationName);
        var (user, chat, conversationId) = await fixture.NewChatAsync();
        await using var _ = chat;

        var sent = await chat.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var first = await fixture.Model.CallForAsync(marker);
        Assert.Contains(first.Options!.Tools!, t => t.Name == BuiltInTools.Calculate);
        Assert.Contains(first.Options!.Tools!, t => t.Name == "weather");
        first.CallTool("c1", BuiltInTools.Calculate, new() { ["expression"] = "(2 + 3) * 4" });
        first.Finish();
        var second = await fixture.Model.CallForAsync(marker, round: 2);
        var result = second.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Single();
        second.Emit("It is 20.");
        second.Finish();
        var chunks = await chat.WaitForFinalAsync(sent.AssistantMessageId);

        var tools = chunks.Where(c => c.Tool is not null).ToList();
        Assert.Equal([ChunkKind.ToolCall, ChunkKind.ToolResult], tools.Select(c => c.Kind));
        Assert.Equal((BuiltInTools.Calculate, ToolStatus.Running), (tools[0].Tool!.Name, tools[0].Tool!.Status));
        Assert.Equal((ToolStatus.Completed, "20"), (tools[1].Tool!.Status, tools[1].Tool!.Result));
        Assert.Equal("20", result.Result?.ToString());
        Assert.Equal("It is 20.", string.Concat(chunks.Select(c => c.Chunk).SkipLast(1)));
        var stored = (await StreamingTests.WaitForStoredAsync(user, conversationId, sent.AssistantMessageId, "complete"))
            .Single(m => m.Id == sent.AssistantMessageId);
        var storedCall = Assert.Single(stored.ToolCalls!);
        Assert.Equal(("c1", ToolStatus.Completed, "20"), (storedCall.CallId, storedCall.Status, storedCall.Result));
        Assert.Contains("(2 + 3) * 4", storedCall.Arguments);
        Assert.NotNull(storedCall.DurationMs);
        Assert.Equal<string>([AgentsTelemetry.Completed], OutcomesOf(calls, BuiltInTools.Calculate));
        var duration = Assert.Single(durations.GetMeasurementSnapshot(), m => (string?)m.Tags[AgentsTelemetry.ToolTag] == BuiltInTools.Calculate);
        Assert.InRange(duration.Value, 0, 5);
    }

    [Fact]
    public async Task A_failing_tool_ends_failed_with_a_safe_error_the_model_reads_and_the_answer_continues()
    {
        var (_, chat, conversationId) = await fixture.NewChatAsync();
        await using var _ = chat;

        var sent = await chat.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var first = await fixture.Model.CallForAsync(marker);
        first.CallTool("bad", BuiltInTools.Calculate, new() { ["expression"] = "2 + * import os" });
        first.Finish();
        var second = await fixture.Model.CallForAsync(marker, round: 2);
        var seen = second.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Single();
        second.Emit("That expression was not valid.");
        second.Finish();
        var chunks = await chat.WaitForFinalAsync(sent.AssistantMessageId);

        var ended = chunks.Single(c => c.Kind == ChunkKind.ToolResult).Tool!;
        Assert.Equal(ToolStatus.Failed, ended.Status);
        Assert.StartsWith("Unexpected '*'", ended.Result);
        Assert.IsType<ToolFailure>(seen.Result);
        Assert.Equal("complete", chunks[^1].Status);
    }

    [Fact]
    public async Task A_tool_that_runs_past_its_time_limit_fails_as_timed_out_and_the_answer_continues()
    {
        using var calls = ToolCalls();
        fixture.ResetWaitTool();
        var (_, chat, conversationId) = await fixture.NewChatAsync();
        await using var _ = chat;

        var sent = await chat.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var first = await fixture.Model.CallForAsync(marker);
        first.CallTool("slow", AgentToolsFixture.WaitTool);
        first.Finish();
        var toolToken = await fixture.WaitToolStarted.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var second = await fixture.Model.CallForAsync(marker, round: 2);
        second.Emit("The tool was too slow.");
        second.Finish();
        var chunks = await chat.WaitForFinalAsync(sent.AssistantMessageId);

        Assert.True(toolToken.IsCancellationRequested);
        var ended = chunks.Single(c => c.Kind == ChunkKind.ToolResult).Tool!;
        Assert.Equal((ToolStatus.Failed, ToolFailure.TimedOut(AgentToolsFixture.CallTimeout)), (ended.Status, ended.Result));
        Assert.Equal("complete", chunks[^1].Status);
        Assert.Equal<string>([AgentsTelemetry.TimedOut], OutcomesOf(calls, AgentToolsFixture.WaitTool));
    }

    [Fact]
    public async Task Stop_during_a_tool_call_cancels_the_tool_and_the_answer_ends_stopped_with_everything_so_far()
    {
        using var calls = ToolCalls();
        fixture.ResetWaitTool();
        var (user, chat, conversationId) = await fixture.NewChatAsync();
        await using var _ = chat;

        var sent = await chat.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var first = await fixture.Model.CallForAsync(marker);
        first.EmitReasoning("I will wait.");
        first.CallTool("w1", AgentToolsFixture.WaitTool);
        first.Finish();
        var toolToken = await fixture.WaitToolStarted.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await chat.StopAsync(sent.AssistantMessageId);
        var chunks = await chat.WaitForFinalAsync(sent.AssistantMessageId);

        Assert.True(toolToken.IsCancellationRequested);
        Assert.Equal("stopped", chunks[^1].Status);
        var stored = (await StreamingTests.WaitForStoredAsync(user, conversationId, sent.AssistantMessageId, "stopped"))
            .Single(m => m.Id == sent.AssistantMessageId);
        Assert.Equal("I will wait.", stored.Reasoning);
        Assert.Equal((ToolStatus.Failed, ToolFailure.Ended), (stored.ToolCalls!.Single().Status, stored.ToolCalls!.Single().Result));
        Assert.Equal<string>([AgentsTelemetry.Cancelled], OutcomesOf(calls, AgentToolsFixture.WaitTool));
    }

    [Fact]
    public async Task Stop_during_reasoning_ends_stopped_and_keeps_the_reasoning()
    {
        var (user, chat, conversationId) = await fixture.NewChatAsync();
        await using var _ = chat;

        var sent = await chat.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var call = await fixture.Model.CallForAsync(marker);
        call.EmitReasoning("Hmm, ");
        await chat.WaitForSequenceAsync(sent.AssistantMessageId, 1);
        await chat.StopAsync(sent.AssistantMessageId);
        await call.Cancelled.WaitAsync(TimeSpan.FromSeconds(10));
        var chunks = await chat.WaitForFinalAsync(sent.AssistantMessageId);

        Assert.Equal("stopped", chunks[^1].Status);
        var stored = (await StreamingTests.WaitForStoredAsync(user, conversationId, sent.AssistantMessageId, "stopped"))
            .Single(m => m.Id == sent.AssistantMessageId);
        Assert.Equal(("", "Hmm, "), (stored.Content, stored.Reasoning));
    }

    private IMeterFactory Meters => fixture.Host.Services.GetRequiredService<IMeterFactory>();

    private MetricCollector<long> ToolCalls() => new(Meters, AgentsTelemetry.Name, AgentsTelemetry.ToolCallsName);

    /// <summary>The outcomes recorded for one tool, in order (the tests of this collection run one at a time).</summary>
    private static List<string> OutcomesOf(MetricCollector<long> calls, string tool) =>
        calls.GetMeasurementSnapshot().Where(m => (string?)m.Tags[AgentsTelemetry.ToolTag] == tool)
            .Select(m => (string)m.Tags[AgentsTelemetry.OutcomeTag]!).ToList();
}
