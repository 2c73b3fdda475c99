using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using AgentChat.Api.Agents.Tools;
using AgentChat.Contracts;
using AgentChat.Tests.Infrastructure;
using AgentChat.Tests.Streaming;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace AgentChat.Tests.Agents;

/// <summary>Every kind survives a drop and a reload; MCP servers' tools are called; history carries tool calls.</summary>
[Collection(AgentToolsCollection.Name)]
public sealed class ToolResumeAndMcpTests(AgentToolsFixture fixture)
{
    [Fact]
    public async Task Resume_mid_reasoning_and_mid_tool_call_delivers_every_kind_once_in_order()
    {
        fixture.ResetWaitTool();
        var (user, chat, conversationId) = await fixture.NewChatAsync();
        await using var _ = chat;
        var sent = await chat.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var first = await fixture.Model.CallForAsync(marker);
        first.EmitReasoning("step one");
        await chat.WaitForSequenceAsync(sent.AssistantMessageId, 1);

        // A second client drops in mid-reasoning and resumes from what it has.
        await using var late = await ChatConnection.ConnectAsync(fixture.Host.ServerAddress, user.AccessToken);
        await late.ResumeAsync(sent.AssistantMessageId, 0);
        first.EmitReasoning(", step two");
        first.CallTool("w2", AgentToolsFixture.WaitTool);
        first.Finish();
        await fixture.WaitToolStarted.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await late.WaitForAsync(sent.AssistantMessageId, c => c.Any(x => x.Kind == ChunkKind.ToolCall));

        // Reload mid-tool-call: REST shows the running call and where to resume.
        var snapshot = (await user.Client.GetFromJsonAsync<MessageSnapshot[]>($"/api/conversations/{conversationId}/messages"))!
            .Single(m => m.Id == sent.AssistantMessageId);
        Assert.Equal("step one, step two", snapshot.Reasoning);
        Assert.Equal(ToolStatus.Running, snapshot.ToolCalls!.Single().Status);
        await using var reloaded = await ChatConnection.ConnectAsync(fixture.Host.ServerAddress, user.AccessToken);
        await reloaded.ResumeAsync(sent.AssistantMessageId, snapshot.LastSequence);

        fixture.Release();
        var second = await fixture.Model.CallForAsync(marker, round: 2);
        second.Emit("done");
        second.Finish();
        var original = await chat.WaitForFinalAsync(sent.AssistantMessageId);
        var resumed = Ordered(await late.WaitForFinalAsync(sent.AssistantMessageId));
        var afterReload = Ordered(await reloaded.WaitForFinalAsync(sent.AssistantMessageId));

        Assert.Equal(Enumerable.Range(1, original.Count).Select(i => (long)i), resumed.Select(c => c.Sequence));
        Assert.Equal(original.Select(Describe), resumed.Select(Describe));
        Assert.Equal(original.Where(c => c.Sequence > snapshot.LastSequence).Select(Describe), afterReload.Select(Describe));
        Assert.Equal([ChunkKind.Reasoning, ChunkKind.ToolCall, ChunkKind.ToolResult, ChunkKind.Text],
            original.SkipLast(1).Select(c => c.Kind).Distinct());
    }

    [Fact]
    public async Task An_mcp_servers_tool_is_called_like_a_built_in_one()
    {
        var (_, chat, conversationId) = await fixture.NewChatAsync();
        await using var _ = chat;

        var sent = await chat.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var first = await fixture.Model.CallForAsync(marker);
        first.CallTool("m1", "weather", new() { ["city"] = "Oslo" });
        first.Finish();
        var second = await fixture.Model.CallForAsync(marker, round: 2);
        second.Emit("Nice weather.");
        second.Finish();
        var chunks = await chat.WaitForFinalAsync(sent.AssistantMessageId);

        var result = chunks.Single(c => c.Kind == ChunkKind.ToolResult).Tool!;
        Assert.Equal(("weather", ToolStatus.Completed, "Sunny and 21 °C in Oslo."), (result.Name, result.Status, result.Result));
    }

    [Fact]
    public async Task An_mcp_tool_that_reports_an_error_fails_its_call_the_model_reads_why_and_the_answer_continues()
    {
        var meters = fixture.Host.Services.GetRequiredService<IMeterFactory>();
        using var calls = new MetricCollector<long>(meters, AgentsTelemetry.Name, AgentsTelemetry.ToolCallsName);
        var (_, chat, conversationId) = await fixture.NewChatAsync();
        await using var _ = chat;

        var sent = await chat.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var first = await fixture.Model.CallForAsync(marker);
        first.CallTool("s1", "stock_price", new() { ["ticker"] = "ACME" });
        first.Finish();
        var second = await fixture.Model.CallForAsync(marker, round: 2);
        var seen = second.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Single();
        second.Emit("No quote today.");
        second.Finish();
        var chunks = await chat.WaitForFinalAsync(sent.AssistantMessageId);

        var ended = chunks.Single(c => c.Kind == ChunkKind.ToolResult).Tool!;
        Assert.Equal(ToolStatus.Failed, ended.Status);
        Assert.EndsWith("The price service has no quote for ACME right now.", ended.Result); // the SDK names the tool before it
        Assert.Equal(ended.Result, Assert.IsType<ToolFailure>(seen.Result).Error);
        Assert.Equal("complete", chunks[^1].Status);
        var recorded = calls.GetMeasurementSnapshot().Where(m => (string?)m.Tags[AgentsTelemetry.ToolTag] == "stock_price").ToList();
        Assert.Equal([AgentsTelemetry.Failed], recorded.Select(m => (string?)m.Tags[AgentsTelemetry.OutcomeTag]));
    }

    [Fact]
    public async Task A_configured_stdio_mcp_server_is_started_and_its_tool_called()
    {
        var agent = await fixture.CreateAgentAsync("Shouter", [$"{AgentToolbox.StdioPrefix}{AgentToolsFixture.StdioServer}"]);
        var (_, chat, conversationId) = await fixture.NewChatAsync(agent);
        await using var _ = chat;

        var sent = await chat.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var first = await fixture.Model.CallForAsync(marker);
        Assert.Equal(["shout"], first.Options!.Tools!.Select(t => t.Name));
        first.CallTool("sh1", "shout", new() { ["text"] = "hello" });
        first.Finish();
        var second = await fixture.Model.CallForAsync(marker, round: 2);
        second.Emit("It shouted.");
        second.Finish();
        var chunks = await chat.WaitForFinalAsync(sent.AssistantMessageId);

        var result = chunks.Single(c => c.Kind == ChunkKind.ToolResult).Tool!;
        Assert.Equal(("shout", ToolStatus.Completed, "HELLO!"), (result.Name, result.Status, result.Result));
    }

    [Fact]
    public async Task An_oversized_tool_result_is_cut_with_a_marker_for_the_model_and_the_user()
    {
        var (_, chat, conversationId) = await fixture.NewChatAsync();
        await using var _ = chat;

        var sent = await chat.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var first = await fixture.Model.CallForAsync(marker);
        first.CallTool("h1", "huge_report");
        first.Finish();
        var second = await fixture.Model.CallForAsync(marker, round: 2);
        var seen = second.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Single();
        second.Finish();
        var chunks = await chat.WaitForFinalAsync(sent.AssistantMessageId);

        var result = chunks.Single(c => c.Kind == ChunkKind.ToolResult).Tool!.Result!;
        Assert.Equal(4000, result.Length);
        Assert.EndsWith(ToolText.TruncatedMarker, result);
        Assert.Equal(result, seen.Result?.ToString());
    }

    [Fact]
    public async Task An_mcp_server_that_is_down_costs_only_its_tools()
    {
        var server = await fixture.Admin.Client.PostAsJsonAsync("/api/mcp-servers",
            new { name = $"down {Guid.NewGuid():N}", url = $"http://127.0.0.1:{LocalServices.FreePort.Next()}/mcp" });
        server.EnsureSuccessStatusCode();
        var down = (await server.Content.ReadFromJsonAsync<AgentChat.Api.Agents.McpServerDetails>())!.Id;
        var agent = await fixture.CreateAgentAsync("Half-broken", [BuiltInTools.CurrentTime, down.ToString()]);
        var (_, chat, conversationId) = await fixture.NewChatAsync(agent);
        await using var _ = chat;

        var sent = await chat.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var call = await fixture.Model.CallForAsync(marker);
        call.Emit("Still here.");
        call.Finish();
        var chunks = await chat.WaitForFinalAsync(sent.AssistantMessageId);

        Assert.Equal([BuiltInTools.CurrentTime], call.Options!.Tools!.Select(t => t.Name));
        Assert.Equal("complete", chunks[^1].Status);
    }

    [Fact]
    public async Task The_next_turn_sends_earlier_tool_calls_and_results_but_not_earlier_reasoning()
    {
        var (_, chat, conversationId) = await fixture.NewChatAsync();
        await using var _ = chat;
        var sent = await chat.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var first = await fixture.Model.CallForAsync(marker);
        first.EmitReasoning("secret thoughts");
        first.CallTool("t1", BuiltInTools.Calculate, new() { ["expression"] = "6*7" });
        first.Finish();
        var second = await fixture.Model.CallForAsync(marker, round: 2);
        second.Emit("42");
        second.Finish();
        await chat.WaitForFinalAsync(sent.AssistantMessageId);

        var next = await chat.SendAsync(conversationId, StreamingFixture.Question(out var nextMarker));
        var call = await fixture.Model.CallForAsync(nextMarker);
        call.Finish();
        await chat.WaitForFinalAsync(next.AssistantMessageId);

        var history = call.Messages.Skip(1).SkipLast(1).ToList();
        Assert.Equal([ChatRole.User, ChatRole.Assistant, ChatRole.Tool, ChatRole.Assistant], history.Select(m => m.Role));
        Assert.Equal("t1", history[1].Contents.OfType<FunctionCallContent>().Single().CallId);
        Assert.Equal("42", history[2].Contents.OfType<FunctionResultContent>().Single().Result?.ToString());
        Assert.DoesNotContain(call.Messages.SelectMany(m => m.Contents), c => c is TextReasoningContent);
        Assert.DoesNotContain(call.Messages, m => m.Text.Contains("secret thoughts"));
    }

    private static List<MessageChunk> Ordered(IReadOnlyList<MessageChunk> chunks) =>
        chunks.GroupBy(c => c.Sequence).Select(g => g.First()).OrderBy(c => c.Sequence).ToList();

    private static string Describe(MessageChunk c) =>
        $"{c.Sequence}|{c.Kind}|{c.Chunk}|{c.Reasoning}|{c.Tool?.CallId}:{c.Tool?.Status}|{c.IsComplete}|{c.Status}";
}
