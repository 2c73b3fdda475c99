using System.Collections.Concurrent;
using AgentChat.Api.Agents.Tools;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Client;

namespace AgentChat.Api.Agents.Mcp;

/// <summary>
/// MCP servers' tools, fetched once and kept for <see cref="ToolsOptions.McpToolListCacheDuration"/>
/// (one client per server, shared by every answer). A server that cannot be reached costs its
/// tools, never the answer: a warning and <see cref="AgentsTelemetry.McpUnavailableName"/> say so,
/// and it is tried again on a later answer.
/// </summary>
public sealed class McpToolCatalog(IOptions<ToolsOptions> options, AgentsTelemetry telemetry, TimeProvider time,
    ILoggerFactory loggers, ILogger<McpToolCatalog> logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Task<Entry>> _servers = new();

    private sealed record Entry(McpClient Client, IReadOnlyList<AITool> Tools, DateTimeOffset Expires);

    public async Task<IReadOnlyList<AITool>> ToolsAsync(McpEndpoint endpoint, CancellationToken cancellationToken)
    {
        var fetch = _servers.GetOrAdd(endpoint.Key, _ => FetchAsync(endpoint));
        try
        {
            var entry = await fetch.WaitAsync(cancellationToken);
            if (entry.Expires > time.GetUtcNow())
            {
                return entry.Tools;
            }
            if (_servers.TryUpdate(endpoint.Key, FetchAsync(endpoint), fetch))
            {
                await entry.Client.DisposeAsync();
            }
            return (await _servers[endpoint.Key].WaitAsync(cancellationToken)).Tools;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _servers.TryRemove(new KeyValuePair<string, Task<Entry>>(endpoint.Key, fetch));
            logger.LogWarning("MCP server {Server} is unavailable ({Error}); its tools are missing from this answer", endpoint.Name, e.GetType().Name);
            telemetry.McpUnavailable.Add(1, new KeyValuePair<string, object?>(AgentsTelemetry.ServerTag, endpoint.Name));
            return [];
        }
    }

    /// <summary>Not tied to one answer's token: the client is shared, and a stopped answer must not poison it.</summary>
    private async Task<Entry> FetchAsync(McpEndpoint endpoint)
    {
        using var timeout = new CancellationTokenSource(options.Value.McpConnectTimeout, time);
        IClientTransport transport = endpoint.Url is { } url
            ? new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = url,
                Name = endpoint.Name,
                TransportMode = HttpTransportMode.StreamableHttp,
                ConnectionTimeout = options.Value.McpConnectTimeout
            }, loggers)
            : new StdioClientTransport(new StdioClientTransportOptions
            {
                Command = endpoint.Stdio!.Command,
                Arguments = endpoint.Stdio.Arguments,
                Name = endpoint.Name
            }, loggers);
        var client = await McpClient.CreateAsync(transport, loggerFactory: loggers, cancellationToken: timeout.Token);
        try
        {
            var tools = await client.ListToolsAsync(cancellationToken: timeout.Token);
            return new Entry(client, tools.Cast<AITool>().ToList(), time.GetUtcNow() + options.Value.McpToolListCacheDuration);
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var fetch in _servers.Values)
        {
            if (fetch.IsCompletedSuccessfully)
            {
                await fetch.Result.Client.DisposeAsync();
            }
        }
    }
}
