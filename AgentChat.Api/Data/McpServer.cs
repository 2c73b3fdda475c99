namespace AgentChat.Api.Data;

/// <summary>
/// A Model Context Protocol server an admin registered, reached over streamable HTTP. Agents name
/// it by id in their tools. Servers launched as local processes (stdio) are not stored here: they
/// come only from configuration (<c>Tools:StdioServers</c>).
/// </summary>
public sealed class McpServer
{
    public const int NameMaxLength = 100;
    public const int UrlMaxLength = 2000;

    public Guid Id { get; set; }
    public required string Name { get; set; }
    public required string Url { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
