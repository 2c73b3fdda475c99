using System.Net.Http.Json;
using AgentChat.Api.Agents;
using AgentChat.Api.Agents.Tools;
using AgentChat.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace AgentChat.Tests.Agents;

/// <summary>
/// One Api with a scripted model, a 5 s tool timeout (<see cref="CallTimeout"/>), two test tools (one that waits until it is
/// released or cancelled, one that returns far too much) and a real MCP server, plus an admin who
/// made an agent with every tool.
/// </summary>
public sealed class AgentToolsFixture : IAsyncLifetime
{
    public const string WaitTool = "wait_for_release";
    public const string StdioServer = "shouter";

    /// <summary>
    /// Short, for the timeout test, yet long enough for a real MCP call on a loaded CI machine: at
    /// 1 s the first call to the test MCP server (a connection and the MCP handshake) timed out there.
    /// </summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    public ScriptedChatClient Model { get; } = new();
    public ApiFactory Host { get; private set; } = null!;
    public TestMcpServer Mcp { get; private set; } = null!;
    public TestUser Admin { get; private set; } = null!;
    public Guid McpServerId { get; private set; }
    public Guid ToolAgentId { get; private set; }

    /// <summary>Completes (with the tool's token) each time the wait tool starts; release it with <see cref="Release"/>.</summary>
    public TaskCompletionSource<CancellationToken> WaitToolStarted { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _release.TrySetResult();

    public void ResetWaitTool()
    {
        WaitToolStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public async Task InitializeAsync()
    {
        Mcp = await TestMcpServer.StartAsync();
        var servers = await SharedServers.GetAsync();
        Host = new ApiFactory(servers, $"tools_{Guid.NewGuid():N}", services =>
        {
            services.UseModel(Model);
            services.AddSingleton(new BuiltInTool(WaitTool, _ => AIFunctionFactory.Create(async (CancellationToken ct) =>
            {
                WaitToolStarted.TrySetResult(ct);
                await _release.Task.WaitAsync(ct);
                return "released";
            }, WaitTool, "Waits until the test releases it.")));
        }, new Dictionary<string, string?>
        {
            ["Tools:CallTimeout"] = CallTimeout.ToString(),
            // A local MCP server started as a process (stdio), as only configuration can name one.
            [$"Tools:StdioServers:{StdioServer}:Command"] = "node",
            [$"Tools:StdioServers:{StdioServer}:Arguments:0"] = Path.Combine(AppContext.BaseDirectory, "Agents", "Stdio", "shout-mcp-server.mjs")
        }, kestrel: true);
        _ = Host.ServerAddress;
        Admin = await TestUser.RegisterAsync(Host.CreateClient(), Host.AdminEmail);

        var server = await Admin.Client.PostAsJsonAsync("/api/mcp-servers", new { name = "weather", url = Mcp.Address.ToString() });
        server.EnsureSuccessStatusCode();
        McpServerId = (await server.Content.ReadFromJsonAsync<McpServerDetails>())!.Id;
        ToolAgentId = await CreateAgentAsync("Tool agent",
            [BuiltInTools.Calculate, BuiltInTools.CurrentTime, BuiltInTools.SearchConversations, WaitTool, McpServerId.ToString()]);
    }

    public async Task<Guid> CreateAgentAsync(string name, string[] tools)
    {
        var response = await Admin.Client.PostAsJsonAsync("/api/agents",
            new { name = $"{name} {Guid.NewGuid():N}", description = "Uses tools.", systemPrompt = "Use tools.", tools });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<AgentDetails>())!.Id;
    }

    public async Task<(TestUser User, ChatConnection Chat, Guid ConversationId)> NewChatAsync(Guid? agentId = null)
    {
        var user = await TestUser.RegisterAsync(Host.CreateClient());
        var conversation = await Api.ApiJson.CreateConversationAsync(user.Client, agentId ?? ToolAgentId);
        var chat = await ChatConnection.ConnectAsync(Host.ServerAddress, user.AccessToken);
        return (user, chat, conversation.Id);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Mcp.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class AgentToolsCollection : ICollectionFixture<AgentToolsFixture>
{
    public const string Name = "agent-tools";
}
