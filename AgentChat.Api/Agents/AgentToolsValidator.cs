using AgentChat.Api.Agents.Tools;
using AgentChat.Api.Common;
using AgentChat.Api.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AgentChat.Api.Agents;

/// <summary>Checks an agent's tools: each a built-in name, a registered MCP server's id, or a configured stdio server.</summary>
public sealed class AgentToolsValidator(AgentToolbox toolbox, IOptions<ToolsOptions> options)
{
    public const int MaxTools = 32;

    public async Task<ValidationProblem?> ValidateAsync(IReadOnlyList<string>? tools, ChatDbContext db, CancellationToken ct)
    {
        if (tools is null)
        {
            return null;
        }
        if (tools.Count > MaxTools)
        {
            return Validation.Invalid("tools", $"at most {MaxTools} tools");
        }
        if (tools.Distinct(StringComparer.Ordinal).Count() != tools.Count)
        {
            return Validation.Invalid("tools", "lists a tool twice");
        }
        var ids = tools.Where(t => Guid.TryParse(t, out _)).Select(Guid.Parse).ToList();
        var known = await db.McpServers.AsNoTracking().Where(s => ids.Contains(s.Id)).Select(s => s.Id).ToListAsync(ct);
        var unknown = tools.Where(t => !toolbox.BuiltInNames.Contains(t)
                && !(Guid.TryParse(t, out var id) && known.Contains(id))
                && !(t.StartsWith(AgentToolbox.StdioPrefix, StringComparison.Ordinal) && options.Value.StdioServers.ContainsKey(t[AgentToolbox.StdioPrefix.Length..])))
            .ToList();
        return unknown.Count == 0
            ? null
            : Validation.Invalid("tools",
                $"unknown tool {string.Join(", ", unknown.Take(5).Select(u => $"'{ToolText.Bound(u, 60)}'"))}: use a built-in tool " +
                $"({string.Join(", ", toolbox.BuiltInNames.Order())}), the id of an MCP server (GET /api/mcp-servers), or stdio:<name> of a configured one");
    }
}
