using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using AgentChat.Bench.Scenarios;

namespace AgentChat.Bench.Clients;

/// <summary>
/// One simulated tab on the peer: its own HTTP connection, opened before the step (as a SignalR
/// tab's WebSocket is), a POST per question whose SSE answer is read as it streams, each event
/// stamped with its arrival time as it comes off the socket.
/// </summary>
public sealed class SseTab : ILoadTab, IDisposable
{
    private const string DataPrefix = "data: ";
    private readonly HttpClient _http;

    private SseTab(Uri server)
    {
        // One connection per tab, kept open between answers.
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            AutomaticDecompression = DecompressionMethods.None
        })
        { BaseAddress = server, Timeout = Timeout.InfiniteTimeSpan };
    }

    public static async Task<SseTab> OpenAsync(Uri server)
    {
        var tab = new SseTab(server);
        (await tab._http.GetAsync("/health")).EnsureSuccessStatusCode();
        return tab;
    }

    /// <summary>The peer has no conversations to join: every send is alike.</summary>
    public bool Warm => true;

    /// <summary>Returns once the answer's headers are in; its events are read into the trace as they stream.</summary>
    public async Task<(StreamTrace Trace, long SentAt, long AcceptedAt)> SendAsync(StepPlan plan)
    {
        var sentAt = Stopwatch.GetTimestamp();
        var path = string.Create(CultureInfo.InvariantCulture, $"/chat?tokens={plan.TokensPerAnswer}&rate={plan.TokensPerSecond}");
        var response = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Post, path), HttpCompletionOption.ResponseHeadersRead);
        var acceptedAt = Stopwatch.GetTimestamp();
        response.EnsureSuccessStatusCode();
        var trace = new StreamTrace();
        _ = ReadAsync(response, trace);
        return (trace, sentAt, acceptedAt);
    }

    private static async Task ReadAsync(HttpResponseMessage response, StreamTrace trace)
    {
        using (response)
        {
            try
            {
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
                while (await reader.ReadLineAsync() is { } line)
                {
                    if (!line.StartsWith(DataPrefix, StringComparison.Ordinal))
                    {
                        continue;
                    }
                    var arrivedAt = Stopwatch.GetTimestamp();
                    var data = JsonSerializer.Deserialize(line.AsSpan(DataPrefix.Length), PeerEventJson.Default.PeerEvent)!;
                    trace.Record(data.S, data.T ?? "", data.Done, data.Done ? "completed" : "streaming", arrivedAt);
                }
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                // A cut stream shows as lost chunks: its final event never arrives.
            }
        }
    }

    public void Dispose() => _http.Dispose();
}
