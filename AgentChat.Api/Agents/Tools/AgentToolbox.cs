using AgentChat.Api.Agents.Mcp;
using AgentChat.Api.Conversations;
using AgentChat.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace AgentChat.Api.Agents.Tools;

/// <summary>
/// The tools one answer may call: the agent's built-in tools bound to the turn's user and
/// conversation, and the tools of its MCP servers. A name the model already has is not added twice.
/// </summary>
public sealed class AgentToolbox(IEnumerable<BuiltInTool> builtIns, McpToolCatalog mcp, IServiceScopeFactory scopes, IOptions<ToolsOptions> options)
{
    public const string StdioPrefix = "stdio:";

    private readonly Dictionary<string, BuiltInTool> _builtIns = builtIns.ToDictionary(t => t.Name);

    public IReadOnlyCollection<string> BuiltInNames => _builtIns.Keys;

    public async Task<IList<AITool>?> ToolsForAsync(PreparedTurn turn, CancellationToken cancellationToken)
    {
        if (turn.AgentTools.Count == 0)
        {
            return null;
        }
        var scope = new ToolScope(turn.UserId, turn.ConversationId);
        var tools = new List<AITool>();
        foreach (var name in turn.AgentTools)
        {
            if (_builtIns.TryGetValue(name, out var builtIn))
            {
                tools.Add(builtIn.Create(scope));
            }
        }
        foreach (var endpoint in await EndpointsAsync(turn.AgentTools, cancellationToken))
        {
            var names = tools.Select(t => t.Name).ToHashSet();
            tools.AddRange((await mcp.ToolsAsync(endpoint, cancellationToken)).Where(t => !names.Contains(t.Name)));
        }
        return tools.Count == 0 ? null : tools;
    }

    private async Task<List<McpEndpoint>> EndpointsAsync(IReadOnlyList<string> entries, CancellationToken cancellationToken)
    {
        var endpoints = entries.Where(e => e.StartsWith(StdioPrefix, StringComparison.Ordinal))
            .Select(e => (Entry: e, Found: options.Value.StdioServers.GetValueOrDefault(e[StdioPrefix.Length..])))
            .Where(s => s.Found is not null)
            .Select(s => new McpEndpoint(s.Entry, s.Entry, null, s.Found))
            .ToList();
        var ids = entries.Select(e => Guid.TryParse(e, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).ToList();
        if (ids.Count > 0)
        {
            await using var services = scopes.CreateAsyncScope();
            var db = services.ServiceProvider.GetRequiredService<ChatDbContext>();
            var servers = await db.McpServers.AsNoTracking().Where(s => ids.Contains(s.Id)).ToListAsync(cancellationToken);
            endpoints.AddRange(servers.Select(s => new McpEndpoint(s.Id.ToString(), s.Name, new Uri(s.Url))));
        }
        return endpoints;
    }
}
