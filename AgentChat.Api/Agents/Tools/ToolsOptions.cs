using System.ComponentModel.DataAnnotations;
using AgentChat.Api.Common;

namespace AgentChat.Api.Agents.Tools;

/// <summary>Configuration section <c>Tools</c>: how agents call tools. Defaults are written here once.</summary>
public sealed class ToolsOptions
{
    public const string SectionName = "Tools";

    /// <summary>Rounds of tool calls one answer may make (<see cref="AgentToolLoop"/>'s requests that offer tools).</summary>
    [Range(1, 50)]
    public int MaxRounds { get; set; } = 5;

    /// <summary>Tool calls one round may run; the model's further calls in that round end failed, unrun.</summary>
    [Range(1, 100)]
    public int MaxCallsPerRound { get; set; } = 10;

    /// <summary>Longest one tool call may run; then it fails with a timeout the model is told about.</summary>
    [TimeSpanRange("00:00:00.010", "00:10:00")]
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A tool's result (and arguments) longer than this is cut, with a marker, before anyone sees it.</summary>
    [Range(100, 1_000_000)]
    public int MaxResultChars { get; set; } = 4000;

    /// <summary>How long an MCP server's tool list is kept before it is fetched again.</summary>
    [TimeSpanRange("00:00:01", "1.00:00:00")]
    public TimeSpan McpToolListCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long connecting to an MCP server and listing its tools may take before it counts as down.</summary>
    [TimeSpanRange("00:00:00.100", "00:05:00")]
    public TimeSpan McpConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Results the conversation search returns at most.</summary>
    [Range(1, 50)]
    public int SearchResults { get; set; } = 5;

    /// <summary>Characters of each conversation search snippet.</summary>
    [Range(20, 2000)]
    public int SnippetChars { get; set; } = 200;

    /// <summary>
    /// Local MCP servers started as processes (stdio), by name. Configuration only: the REST API can
    /// never set a command to run. Agents name them as <c>stdio:{name}</c> in their tools.
    /// </summary>
    public Dictionary<string, StdioServerOptions> StdioServers { get; set; } = [];
}

public sealed class StdioServerOptions
{
    [Required]
    public string Command { get; set; } = "";

    public List<string> Arguments { get; set; } = [];
}
