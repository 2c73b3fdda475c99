using System.Net;
using System.Net.Http.Json;
using AgentChat.Api.Agents.Tools;
using AgentChat.Contracts;
using AgentChat.Tests.Api;
using AgentChat.Tests.Infrastructure;
using AgentChat.Tests.Streaming;

namespace AgentChat.Tests.Agents;

/// <summary>Who may set tools, what is refused, and whose data a tool may see.</summary>
[Collection(AgentToolsCollection.Name)]
public sealed class ToolAccessTests(AgentToolsFixture fixture)
{
    [Fact]
    public async Task Conversation_search_finds_the_users_own_earlier_messages_and_never_another_users()
    {
        var word = $"zebra{Guid.NewGuid():N}"[..20];
        var (owner, ownerChat, ownerConversation) = await fixture.NewChatAsync();
        await using var _ = ownerChat;
        await AnswerAsync(ownerChat, ownerConversation, $"Remember {word} please", "Noted.");

        var own = await SearchAsync(ownerChat, (await owner.Client.CreateConversationAsync(fixture.ToolAgentId)).Id, word);
        var (_, strangerChat, strangerConversation) = await fixture.NewChatAsync();
        await using var __ = strangerChat;
        var foreign = await SearchAsync(strangerChat, strangerConversation, word);

        Assert.Contains(word, own);
        Assert.Equal("[]", foreign);
    }

    [Fact]
    public async Task A_non_admin_cannot_set_tools_or_register_mcp_servers()
    {
        var user = await TestUser.RegisterAsync(fixture.Host.CreateClient());

        var agent = await user.Client.PostAsJsonAsync("/api/agents",
            new { name = "Mine", description = "d", systemPrompt = "p", tools = new[] { BuiltInTools.Calculate } });
        var update = await user.Client.PutAsJsonAsync($"/api/agents/{fixture.ToolAgentId}",
            new { name = "Mine", description = "d", systemPrompt = "p", tools = Array.Empty<string>() });
        var server = await user.Client.PostAsJsonAsync("/api/mcp-servers", new { name = "x", url = "http://127.0.0.1:1/mcp" });

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden],
            new[] { agent.StatusCode, update.StatusCode, server.StatusCode });
    }

    [Theory]
    [InlineData("stdio:/bin/sh")]
    [InlineData("/usr/bin/python3 server.py")]
    [InlineData("file:///etc/passwd")]
    [InlineData("not a url")]
    [InlineData("ftp://example.com/mcp")]
    public async Task An_mcp_server_must_be_an_http_url_so_stdio_servers_cannot_be_set_through_rest(string url)
    {
        var response = await fixture.Admin.Client.PostAsJsonAsync("/api/mcp-servers", new { name = $"bad {Guid.NewGuid():N}", url });

        Assert.Equal(["url"], await response.ProblemFieldsAsync());
    }

    [Theory]
    [InlineData("rm_rf")]
    [InlineData("stdio:not-configured")]
    [InlineData("0199a000-0000-7000-8000-000000000000")]
    public async Task An_unknown_tool_is_refused_naming_the_field(string tool)
    {
        var response = await fixture.Admin.Client.PostAsJsonAsync("/api/agents",
            new { name = $"Bad {Guid.NewGuid():N}", description = "d", systemPrompt = "p", tools = new[] { BuiltInTools.Calculate, tool } });

        Assert.Equal(["tools"], await response.ProblemFieldsAsync());
        Assert.Contains(tool, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_admin_sets_and_reads_an_agents_tools()
    {
        var created = await fixture.CreateAgentAsync("Timekeeper", [BuiltInTools.CurrentTime]);
        var update = await fixture.Admin.Client.PutAsJsonAsync($"/api/agents/{created}",
            new { name = $"Timekeeper {Guid.NewGuid():N}", description = "d", systemPrompt = "p", tools = new[] { BuiltInTools.Calculate, fixture.McpServerId.ToString() } });
        update.EnsureSuccessStatusCode();

        var agent = await fixture.Admin.Client.GetFromJsonAsync<AgentChat.Api.Agents.AgentDetails>($"/api/agents/{created}");
        Assert.Equal([BuiltInTools.Calculate, fixture.McpServerId.ToString()], agent!.Tools);
    }

    private async Task AnswerAsync(ChatConnection chat, Guid conversationId, string question, string answer)
    {
        var sent = await chat.SendAsync(conversationId, $"{question} {StreamingFixture.Question(out var marker)}");
        var call = await fixture.Model.CallForAsync(marker);
        call.Emit(answer);
        call.Finish();
        await chat.WaitForFinalAsync(sent.AssistantMessageId);
    }

    /// <summary>The scripted model asks the search tool; returns what the tool returned.</summary>
    private async Task<string> SearchAsync(ChatConnection chat, Guid conversationId, string query)
    {
        var sent = await chat.SendAsync(conversationId, StreamingFixture.Question(out var marker));
        var first = await fixture.Model.CallForAsync(marker);
        first.CallTool("s1", BuiltInTools.SearchConversations, new() { ["query"] = query });
        first.Finish();
        var second = await fixture.Model.CallForAsync(marker, round: 2);
        second.Finish();
        var chunks = await chat.WaitForFinalAsync(sent.AssistantMessageId);
        var result = chunks.Single(c => c.Kind == ChunkKind.ToolResult).Tool!;
        Assert.Equal(ToolStatus.Completed, result.Status);
        return result.Result!;
    }
}
