using System.Net.Http.Json;
using AgentChat.Api.Agents;
using AgentChat.Api.Agents.Tools;
using AgentChat.Contracts;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Ai;

/// <summary>The OpenAI provider, end to end: hub → generation → HTTP SSE to an OpenAI-compatible server.</summary>
public sealed class OpenAIProviderTests : IAsyncLifetime
{
    private FakeOpenAIServer _upstream = null!;
    private ApiFactory _host = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeOpenAIServer.StartAsync();
        var servers = await SharedServers.GetAsync();
        _host = new ApiFactory(servers, $"openai_{Guid.NewGuid():N}", settings: new Dictionary<string, string?>
        {
            ["AI:Provider"] = "OpenAI",
            ["AI:Endpoint"] = _upstream.Address.ToString(),
            ["AI:Model"] = "local-model",
            ["AI:ApiKey"] = "test-key"
        }, kestrel: true);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task Tokens_stream_from_an_openai_compatible_server_and_stop_aborts_its_request()
    {
        var user = await TestUser.RegisterAsync(_host.CreateClient());
        var conversation = await Api.ApiJson.CreateConversationAsync(user.Client);
        await using var chat = await ChatConnection.ConnectAsync(_host.ServerAddress, user.AccessToken);

        var sent = await chat.SendAsync(conversation.Id, "Stream something");
        var request = await _upstream.Request.WaitAsync(TimeSpan.FromSeconds(20));
        _upstream.Emit("Hello");
        _upstream.Emit(" from upstream");
        await chat.WaitForAsync(sent.AssistantMessageId, c => string.Concat(c.Select(x => x.Chunk)) == "Hello from upstream");
        await chat.StopAsync(sent.AssistantMessageId);

        await _upstream.Aborted.WaitAsync(TimeSpan.FromSeconds(5));
        var chunks = await chat.WaitForFinalAsync(sent.AssistantMessageId);
        Assert.Equal("stopped", chunks[^1].Status);
        Assert.Equal("local-model", request.RootElement.GetProperty("model").GetString());
        Assert.True(request.RootElement.GetProperty("stream").GetBoolean());
        var stored = await Streaming.StreamingTests.WaitForStoredAsync(user, conversation.Id, sent.AssistantMessageId, "stopped");
        var answer = stored.Single(m => m.Id == sent.AssistantMessageId);
        Assert.Equal(("Hello from upstream", "fake-model"), (answer.Content, answer.Model));
    }

    [Fact]
    public async Task Reasoning_content_and_streamed_tool_call_deltas_become_reasoning_and_a_real_tool_call()
    {
        var admin = await TestUser.RegisterAsync(_host.CreateClient(), _host.AdminEmail);
        var agent = await admin.Client.PostAsJsonAsync("/api/agents",
            new { name = "Reasoner", description = "d", systemPrompt = "p", tools = new[] { BuiltInTools.Calculate } });
        var agentId = (await agent.Content.ReadFromJsonAsync<AgentDetails>())!.Id;
        var conversation = await Api.ApiJson.CreateConversationAsync(admin.Client, agentId);
        await using var chat = await ChatConnection.ConnectAsync(_host.ServerAddress, admin.AccessToken);

        var sent = await chat.SendAsync(conversation.Id, "What is 6 times 7?");
        var first = await _upstream.Requests.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        _upstream.EmitReasoning("The user wants ");
        _upstream.EmitReasoning("a product.");
        _upstream.EmitToolCall("call_abc", "calculator", "{\"expre", "ssion\":\"6*7\"}");
        var second = await _upstream.Requests.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        _upstream.Emit("It is 42.");
        _upstream.Finish();
        var chunks = await chat.WaitForFinalAsync(sent.AssistantMessageId);

        Assert.Equal("calculator", first.RootElement.GetProperty("tools")[0].GetProperty("function").GetProperty("name").GetString());
        var toolMessage = second.RootElement.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("role").GetString() == "tool");
        Assert.Equal(("call_abc", "42"), (toolMessage.GetProperty("tool_call_id").GetString(), toolMessage.GetProperty("content").GetString()));
        Assert.Equal([ChunkKind.Reasoning, ChunkKind.ToolCall, ChunkKind.ToolResult, ChunkKind.Text],
            chunks.SkipLast(1).Select(c => c.Kind).Where(k => k != ChunkKind.Usage).Distinct());
        Assert.Equal("The user wants a product.", string.Concat(chunks.Select(c => c.Reasoning)));
        Assert.Equal("It is 42.", string.Concat(chunks.Select(c => c.Chunk).SkipLast(1)));
        var call = chunks.Last(c => c.Kind == ChunkKind.ToolResult).Tool!;
        Assert.Equal(("call_abc", ToolStatus.Completed, "42", "{\"expression\":\"6*7\"}"), (call.CallId, call.Status, call.Result, call.Arguments));
    }
}
