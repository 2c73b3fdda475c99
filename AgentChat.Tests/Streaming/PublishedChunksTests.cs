using AgentChat.Api.Streaming.Chunks;
using AgentChat.Api.Streaming.Generation;
using AgentChat.Contracts;

namespace AgentChat.Tests.Streaming;

/// <summary>What an answer keeps of its published chunks to rewrite a lost log: compact, and exactly what went out.</summary>
public sealed class PublishedChunksTests
{
    private static readonly AnswerChunks Answer = new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

    [Fact]
    public void Text_reasoning_tool_and_usage_chunks_come_back_exactly_as_they_were_published()
    {
        var published = new MessageChunk[]
        {
            Answer.Delta(1, ChunkKind.Reasoning, "Let me think"),
            Answer.Delta(2, ChunkKind.Reasoning, " about it."),
            Answer.Next(3, "") with { Kind = ChunkKind.ToolCall, Tool = new ToolActivity("c1", "calculator", "{\"x\":1}", "running") },
            Answer.Next(4, "") with { Kind = ChunkKind.ToolCall, Tool = new ToolActivity("c1", "calculator", "{\"x\":1}", "completed", "1", 3) },
            Answer.Delta(5, ChunkKind.Text, "The answer"),
            Answer.Delta(6, ChunkKind.Text, " is 1 😀"),
            Answer.Next(7, "") with { Kind = ChunkKind.Usage, Usage = new TokenUsage(10, 5, 15) }
        };
        var kept = new PublishedChunks(Answer);

        foreach (var chunk in published)
        {
            kept.Add(chunk);
        }

        Assert.Equal(published, kept.ToList());
    }

    [Fact]
    public void Nothing_published_gives_nothing_back()
    {
        Assert.Empty(new PublishedChunks(Answer).ToList());
    }

    [Fact]
    public void A_chunk_out_of_sequence_is_refused_rather_than_kept_under_the_wrong_number()
    {
        var kept = new PublishedChunks(Answer);
        kept.Add(Answer.Delta(1, ChunkKind.Text, "a"));

        Assert.Throws<InvalidOperationException>(() => kept.Add(Answer.Delta(3, ChunkKind.Text, "c")));
        Assert.Equal([Answer.Delta(1, ChunkKind.Text, "a")], kept.ToList());
    }

    [Fact]
    public void A_range_gives_back_exactly_those_chunks_and_a_range_not_all_published_is_refused()
    {
        var published = new MessageChunk[]
        {
            Answer.Delta(1, ChunkKind.Text, "one "),
            Answer.Delta(2, ChunkKind.Reasoning, "hmm "),
            Answer.Next(3, "") with { Kind = ChunkKind.Usage, Usage = new TokenUsage(1, 2, 3) },
            Answer.Delta(4, ChunkKind.Text, "four "),
            Answer.Delta(5, ChunkKind.Text, "five")
        };
        var kept = new PublishedChunks(Answer);
        foreach (var chunk in published)
        {
            kept.Add(chunk);
        }

        Assert.Equal(published[1..4], kept.Range(2, 4));
        Assert.Equal(published[3..], kept.Range(4, 5));
        Assert.Equal(published[..1], kept.Range(1, 1));
        Assert.Empty(kept.Range(6, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => kept.Range(4, 6));
        Assert.Throws<ArgumentOutOfRangeException>(() => kept.Range(0, 2));
    }
}
