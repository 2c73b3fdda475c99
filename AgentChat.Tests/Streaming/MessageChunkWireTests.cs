using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentChat.Contracts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;

namespace AgentChat.Tests.Streaming;

/// <summary>
/// A live chunk on the wire, written by the hub's own JSON protocol: every chunk has the contract's
/// properties and its kind, and carries <c>reasoning</c>, <c>tool</c> or <c>usage</c> only when it
/// is a chunk of that kind, so a text chunk is no bigger than it needs to be. Clients read every
/// kind back as it was sent, and a version-1 chunk (no kind) as text.
/// </summary>
public sealed class MessageChunkWireTests
{
    private static readonly JsonHubProtocolOptions HubJson = new();

    private static readonly string[] ContractProperties =
        ["type", "messageId", "conversationId", "agentId", "sequence", "chunk", "isComplete", "status", "kind"];

    private static MessageChunk Chunk(long sequence, string text = "") =>
        new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), sequence, text, false, WireStatus.Streaming);

    public static TheoryData<MessageChunk, string?> EveryKind => new()
    {
        { Chunk(1, "Hello"), null },
        { Chunk(2) with { Kind = ChunkKind.Reasoning, Reasoning = "thinking " }, "reasoning" },
        { Chunk(3) with { Kind = ChunkKind.ToolCall, Tool = new ToolActivity("c1", "calc", """{"x":1}""", ToolStatus.Running) }, "tool" },
        { Chunk(4) with { Kind = ChunkKind.ToolResult, Tool = new ToolActivity("c1", "calc", "{}", ToolStatus.Completed, "2", 8) }, "tool" },
        { Chunk(5) with { Kind = ChunkKind.Usage, Usage = new TokenUsage(10, null, 15) }, "usage" },
        { Chunk(6) with { IsComplete = true, Status = WireStatus.Stopped }, null }
    };

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void A_live_chunk_carries_the_contracts_properties_and_only_its_own_payload(MessageChunk chunk, string? payload)
    {
        var arguments = ArgumentsOnTheWire(chunk);

        var sent = Assert.IsType<JsonObject>(Assert.Single(arguments));
        string[] expected = payload is null ? ContractProperties : [.. ContractProperties, payload];
        Assert.Equal(expected.Order(StringComparer.Ordinal), sent.Select(property => property.Key).Order(StringComparer.Ordinal));
        Assert.Equal(chunk, sent.Deserialize<MessageChunk>(HubJson.PayloadSerializerOptions));
    }

    [Fact]
    public void A_version_1_chunk_without_kind_or_payloads_reads_as_text()
    {
        var json = """
            {"type":"MESSAGE_CHUNK","messageId":"0199a000-0000-7000-8000-000000000001","conversationId":"0199a000-0000-7000-8000-000000000002",
             "agentId":"0199a000-0000-7000-8000-000000000003","sequence":7,"chunk":" tokens","isComplete":false,"status":"streaming"}
            """;

        var chunk = JsonSerializer.Deserialize<MessageChunk>(json, HubJson.PayloadSerializerOptions)!;

        Assert.Equal((7L, " tokens", ChunkKind.Text, WireStatus.Streaming, null, null, null),
            (chunk.Sequence, chunk.Chunk, chunk.Kind, chunk.Status, chunk.Reasoning, chunk.Tool, chunk.Usage));
    }

    // What the hub writes for SendConnectionAsync(…, MessageChunk, [chunk]): an invocation message.
    private static JsonArray ArgumentsOnTheWire(MessageChunk chunk)
    {
        var protocol = new JsonHubProtocol(Options.Create(HubJson));
        var output = new ArrayBufferWriter<byte>();
        protocol.WriteMessage(new InvocationMessage(ChatHubMethods.MessageChunk, [chunk]), output);
        var frame = Encoding.UTF8.GetString(output.WrittenSpan).TrimEnd('\u001e');
        var message = JsonNode.Parse(frame)!.AsObject();
        Assert.Equal(ChatHubMethods.MessageChunk, (string?)message["target"]);
        return message["arguments"]!.AsArray();
    }
}
