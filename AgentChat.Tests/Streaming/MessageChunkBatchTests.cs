using System.Text.Json;
using AgentChat.Contracts;

namespace AgentChat.Tests.Streaming;

/// <summary>The compact batch of protocol version 3 stands for exactly the chunks it was made of.</summary>
public sealed class MessageChunkBatchTests
{
    private static readonly Guid MessageId = Guid.NewGuid();
    private static readonly Guid ConversationId = Guid.NewGuid();
    private static readonly Guid AgentId = Guid.NewGuid();

    private static MessageChunk Chunk(long sequence, string text = "", bool isComplete = false, string status = WireStatus.Streaming) =>
        new(MessageId, ConversationId, AgentId, sequence, text, isComplete, status);

    public static TheoryData<string> FinalStatuses =>
        [WireStatus.Complete, WireStatus.Stopped, WireStatus.Failed, WireStatus.Interrupted];

    [Theory]
    [MemberData(nameof(FinalStatuses))]
    public void Every_kind_and_final_status_survives_the_wire_both_ways(string finalStatus)
    {
        MessageChunk[] chunks =
        [
            Chunk(1, "Hello"),
            Chunk(2) with { Kind = ChunkKind.Reasoning, Reasoning = "thinking " },
            Chunk(3) with { Kind = ChunkKind.ToolCall, Tool = new ToolActivity("c1", "calc", """{"x":1}""", ToolStatus.Running) },
            Chunk(4) with { Kind = ChunkKind.ToolResult, Tool = new ToolActivity("c1", "calc", """{"x":1}""", ToolStatus.Failed, "<b>no</b>", 12) },
            Chunk(5) with { Kind = ChunkKind.Usage, Usage = new TokenUsage(10, null, 15) },
            Chunk(6, " \"quoted\" \u2028 é"),
            Chunk(7, finalStatus == WireStatus.Failed ? "The model failed." : "", isComplete: true, finalStatus)
        ];

        var json = JsonSerializer.Serialize(MessageChunkBatch.Of(chunks), JsonSerializerOptions.Web);
        var back = JsonSerializer.Deserialize<MessageChunkBatch>(json, JsonSerializerOptions.Web)!;

        Assert.Equal(chunks, back.Expand());
    }

    [Fact]
    public void A_text_chunk_is_its_sequence_and_text_and_a_final_one_says_only_that_it_ended_and_how()
    {
        var batch = MessageChunkBatch.Of([Chunk(1, "Hi"), Chunk(2, isComplete: true, status: WireStatus.Complete)]);

        var json = JsonSerializer.SerializeToElement(batch, JsonSerializerOptions.Web);

        Assert.Equal(["messageId", "conversationId", "agentId", "chunks"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("""{"sequence":1,"chunk":"Hi"}""", json.GetProperty("chunks")[0].GetRawText());
        Assert.Equal("""{"sequence":2,"isComplete":true,"status":"complete"}""", json.GetProperty("chunks")[1].GetRawText());
    }

    [Fact]
    public void A_batch_is_never_empty_and_never_mixes_messages()
    {
        Assert.Throws<ArgumentException>(() => MessageChunkBatch.Of([]));
        Assert.Throws<ArgumentException>(() => MessageChunkBatch.Of([Chunk(1, "a"), Chunk(2, "b") with { MessageId = Guid.NewGuid() }]));
        Assert.Throws<ArgumentException>(() => MessageChunkBatch.Of([Chunk(1, "a"), Chunk(2, "b") with { AgentId = Guid.NewGuid() }]));
    }
}
