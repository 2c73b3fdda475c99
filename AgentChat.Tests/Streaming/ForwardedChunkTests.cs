using System.Text;
using System.Text.Json;
using AgentChat.Api.Streaming.Chunks;
using AgentChat.Contracts;

namespace AgentChat.Tests.Streaming;

/// <summary>How a forwarded chunk reads back on the receiving replica (the log's script writes it; LiveDeliveryTests run that end).</summary>
public sealed class ForwardedChunkTests
{
    private static readonly AnswerChunks Answer = new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

    [Fact]
    public void The_answers_ids_an_entry_id_and_its_fields_read_back_as_the_chunk()
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new[] { ForwardedChunk.Answer(Answer), "0-7", "c", "Hello \"you\"" });

        Assert.Equal(Answer.Next(7, "Hello \"you\""), ForwardedChunk.Read(payload));
    }

    [Fact]
    public void A_forward_from_a_replica_of_an_earlier_version_the_chunks_own_json_still_reads()
    {
        var chunk = Answer.Delta(3, ChunkKind.Reasoning, "hmm");
        var payload = JsonSerializer.SerializeToUtf8Bytes(chunk, new JsonSerializerOptions(JsonSerializerDefaults.Web));

        Assert.Equal(chunk, ForwardedChunk.Read(payload));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("[\"a:b:c\", \"0-1\", \"c\"]")]
    [InlineData("[\"a:b:c\", \"0-1\", \"c\", \"x\"]")]
    [InlineData("[\"only-one-id\", \"0-1\", \"c\", \"x\"]")]
    [InlineData("[1, \"0-1\", \"c\", \"x\"]")]
    [InlineData("[\"00000000000000000000000000000001:00000000000000000000000000000002:00000000000000000000000000000003\", \"0-1\", \"c\"")]
    public void Anything_else_is_refused_rather_than_delivered(string payload)
    {
        var error = Record.Exception(() => ForwardedChunk.Read(Encoding.UTF8.GetBytes(payload)));

        Assert.True(error is JsonException or FormatException, $"Expected a JSON or format error, got {error?.GetType().Name ?? "none"}.");
    }
}
