using System.Net;
using System.Net.Http.Json;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Api;

/// <summary>The bench's live-heap probe exists only when a setting turns it on.</summary>
public sealed class BenchProbeTests
{
    [Fact]
    public async Task The_live_heap_probe_is_absent_unless_turned_on()
    {
        var servers = await SharedServers.GetAsync();
        await using var off = new ApiFactory(servers, $"probe_{Guid.NewGuid():N}");
        Assert.Equal(HttpStatusCode.NotFound, (await off.CreateClient().GetAsync("/bench/memory")).StatusCode);
    }

    [Fact]
    public async Task The_live_heap_probe_answers_the_heap_after_a_full_collection_when_turned_on()
    {
        var servers = await SharedServers.GetAsync();
        await using var on = new ApiFactory(servers, $"probe_{Guid.NewGuid():N}", settings: new Dictionary<string, string?> { ["Bench:ProbeEnabled"] = "true" },
            kestrel: true);
        using var http = new HttpClient { BaseAddress = on.ServerAddress };

        var heap = await http.GetFromJsonAsync<LiveHeap>("/bench/memory");

        Assert.InRange(heap!.LiveHeapBytes, 1, long.MaxValue);
    }

    private sealed record LiveHeap(long LiveHeapBytes);
}
