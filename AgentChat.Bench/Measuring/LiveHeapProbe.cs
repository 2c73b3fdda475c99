using System.Net.Http.Json;

namespace AgentChat.Bench.Measuring;

/// <summary>
/// Memory not inflated by uncollected garbage: a GET that makes the server run a full collection
/// and answer <c>{"liveHeapBytes": n}</c>: the peer's <c>/memory</c> (node --expose-gc) and the Api's
/// <c>/bench/memory</c> (on with <c>Bench:ProbeEnabled</c>). Where a server has none,
/// <see cref="FindAsync"/> returns null and the figure says so.
/// </summary>
public sealed class LiveHeapProbe
{
    private readonly HttpClient _http;
    private readonly string _path;

    private LiveHeapProbe(HttpClient http, string path)
    {
        _http = http;
        _path = path;
    }

    public static async Task<LiveHeapProbe?> FindAsync(HttpClient http, string path)
    {
        var probe = new LiveHeapProbe(http, path);
        try
        {
            await probe.LiveHeapBytesAsync();
            return probe;
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    public async Task<long> LiveHeapBytesAsync() =>
        (await _http.GetFromJsonAsync<LiveHeap>(_path))!.LiveHeapBytes;

    private sealed record LiveHeap(long LiveHeapBytes);
}
