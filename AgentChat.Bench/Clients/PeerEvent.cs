using System.Text.Json.Serialization;

namespace AgentChat.Bench.Clients;

/// <summary>One SSE event of the peer (AgentChat.Bench/Peer/server.mjs): sequence, token text, or the end.</summary>
public sealed record PeerEvent(
    [property: JsonPropertyName("s")] long S,
    [property: JsonPropertyName("t")] string? T,
    [property: JsonPropertyName("done")] bool Done);

[JsonSerializable(typeof(PeerEvent))]
internal sealed partial class PeerEventJson : JsonSerializerContext;
