using AgentChat.Api.Agents.Tools;

namespace AgentChat.Api.Agents.Mcp;

/// <summary>Where an MCP server is: a streamable HTTP <see cref="Url"/> (registered by an admin) or a configured stdio process.</summary>
public sealed record McpEndpoint(string Key, string Name, Uri? Url, StdioServerOptions? Stdio = null);
