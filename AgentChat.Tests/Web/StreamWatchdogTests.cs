using AgentChat.Contracts;
using AgentChat.Web.Client.Chat;

namespace AgentChat.Tests.Web;

/// <summary>The browser asks for what it is missing, without a reconnect (protocol rules 4 and 5).</summary>
public sealed class StreamWatchdogTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_gap_not_filled_within_a_second_resumes_the_answer_once()
    {
        var answer = Streaming(out var id);
        answer.Apply(Chunk(id, 1), Start);
        answer.Apply(Chunk(id, 3), Start.AddMilliseconds(100));

        Assert.Empty(StreamWatchdog.Due([answer], Start.AddMilliseconds(900)));
        Assert.Equal([answer], StreamWatchdog.Due([answer], Start.AddMilliseconds(1200)));
        Assert.Empty(StreamWatchdog.Due([answer], Start.AddMilliseconds(1700)));
    }

    [Fact]
    public void A_streaming_answer_silent_for_ten_seconds_resumes_even_without_a_visible_gap()
    {
        var answer = Streaming(out var id);
        answer.Apply(Chunk(id, 1), Start);

        Assert.Empty(StreamWatchdog.Due([answer], Start.AddSeconds(9)));
        Assert.Equal([answer], StreamWatchdog.Due([answer], Start.AddSeconds(10)));
    }

    [Fact]
    public void A_finished_answer_is_never_resumed()
    {
        var answer = Streaming(out var id);
        answer.Apply(Chunk(id, 1), Start);
        answer.Apply(new MessageChunk(id, Guid.Empty, Guid.Empty, 2, "", true, WireStatus.Complete), Start);

        Assert.Empty(StreamWatchdog.Due([answer], Start.AddMinutes(5)));
    }

    private static ChatMessage Streaming(out Guid id)
    {
        id = Guid.NewGuid();
        return ChatMessage.AwaitingAnswer(id, Guid.Empty);
    }

    private static MessageChunk Chunk(Guid id, long sequence) =>
        new(id, Guid.Empty, Guid.Empty, sequence, $"t{sequence} ", false, WireStatus.Streaming);
}
