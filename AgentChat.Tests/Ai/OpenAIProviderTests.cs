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
}
