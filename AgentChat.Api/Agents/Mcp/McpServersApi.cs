using AgentChat.Api.Common;
using AgentChat.Api.Data;
using AgentChat.Api.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AgentChat.Api.Agents.Mcp;

/// <summary>
/// Admins register MCP servers that agents may use: streamable HTTP endpoints only. A server
/// started as a local process (stdio) can only come from configuration, never from here.
/// </summary>
public static class McpServersApi
{
    public static IEndpointRouteBuilder MapMcpServersApi(this IEndpointRouteBuilder app)
    {
        var servers = app.MapGroup("/api/mcp-servers").WithTags("MCP servers").RequireAuthorization(IdentityExtensions.AdminPolicy);
        servers.MapGet("/", ListServers);
        servers.MapPost("/", CreateServer);
        servers.MapDelete("/{id}", DeleteServer);
        return app;
    }

    private static async Task<Ok<McpServerDetails[]>> ListServers(ChatDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.McpServers.AsNoTracking().OrderBy(s => s.Name)
            .Select(s => new McpServerDetails(s.Id, s.Name, s.Url, s.CreatedAt)).ToArrayAsync(ct));

    private static async Task<Results<Created<McpServerDetails>, ValidationProblem>> CreateServer(
        McpServerRequest request, ChatDbContext db, TimeProvider time, CancellationToken ct)
    {
        var nameError = Validation.CheckText(request.Name, McpServer.NameMaxLength, required: true, out var name);
        if (nameError is not null)
        {
            return Validation.Invalid("name", nameError);
        }
        if (!TryParseUrl(request.Url, out var url))
        {
            return Validation.Invalid("url", $"must be an absolute http or https URL of at most {McpServer.UrlMaxLength} characters (stdio servers are configured, not registered)");
        }
        if (await db.McpServers.AnyAsync(s => s.Name == name, ct))
        {
            return Validation.Invalid("name", "an MCP server with this name already exists");
        }
        var server = new McpServer { Id = Guid.CreateVersion7(time.GetUtcNow()), Name = name!, Url = url.ToString(), CreatedAt = time.GetUtcNow() };
        db.McpServers.Add(server);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/mcp-servers/{server.Id}", new McpServerDetails(server.Id, server.Name, server.Url, server.CreatedAt));
    }

    private static async Task<Results<NoContent, NotFound, ValidationProblem>> DeleteServer(string id, ChatDbContext db, CancellationToken ct)
    {
        if (!Validation.TryParseId(id, out var serverId))
        {
            return Validation.Invalid("id", "must be an MCP server id");
        }
        var deleted = await db.McpServers.Where(s => s.Id == serverId).ExecuteDeleteAsync(ct);
        return deleted == 0 ? TypedResults.NotFound() : TypedResults.NoContent();
    }

    public static bool TryParseUrl(string? raw, out Uri url)
    {
        url = null!;
        return raw is { Length: > 0 and <= McpServer.UrlMaxLength }
               && Uri.TryCreate(raw, UriKind.Absolute, out url!)
               && url.Scheme is "http" or "https"
               && string.IsNullOrEmpty(url.UserInfo);
    }
}
