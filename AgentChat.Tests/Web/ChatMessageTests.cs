using AgentChat.Contracts;
using AgentChat.Web.Client.Api;
using AgentChat.Web.Client.Chat;

namespace AgentChat.Tests.Web;

public sealed class ChatMessageTests
{
    private readonly ChatMessage _answer = ChatMessage.AwaitingAnswer(Guid.NewGuid(), Guid.NewGuid());

    [Fact]
    public void Chunks_in_order_append_their_text()
    {
        _answer.Apply(Chunks.Text(_answer.Id, 1, "Hello"), Chunks.At);
        _answer.Apply(Chunks.Text(_answer.Id, 2, ", world"), Chunks.At);

        Assert.Equal("Hello, world", _answer.Text);
        Assert.Equal(2, _answer.LastSequence);
    }

    [Fact]
    public void A_sequence_already_applied_is_dropped()
    {
        _answer.Apply(Chunks.Text(_answer.Id, 1, "one "), Chunks.At);
        _answer.Apply(Chunks.Text(_answer.Id, 2, "two "), Chunks.At);

        var changed = _answer.Apply(Chunks.Text(_answer.Id, 2, "two "), Chunks.At);

        Assert.False(changed);
        Assert.Equal("one two ", _answer.Text);
    }

    [Fact]
    public void A_chunk_that_skips_ahead_waits_until_the_gap_is_filled()
    {
        _answer.Apply(Chunks.Text(_answer.Id, 1, "a"), Chunks.At);
        _answer.Apply(Chunks.Text(_answer.Id, 3, "c"), Chunks.At);
        _answer.Apply(Chunks.Text(_answer.Id, 4, "d"), Chunks.At);
        Assert.Equal("a", _answer.Text);

        _answer.Apply(Chunks.Text(_answer.Id, 2, "b"), Chunks.At);

        Assert.Equal("abcd", _answer.Text);
        Assert.Equal(4, _answer.LastSequence);
    }

    [Fact]
    public void The_last_chunk_sets_the_final_status_even_when_it_arrived_early()
    {
        _answer.Apply(Chunks.Last(_answer.Id, 3, WireStatus.Stopped), Chunks.At);
        _answer.Apply(Chunks.Text(_answer.Id, 1, "par"), Chunks.At);
        Assert.True(_answer.IsStreaming);

        _answer.Apply(Chunks.Text(_answer.Id, 2, "tial"), Chunks.At);

        Assert.Equal(WireStatus.Stopped, _answer.Status);
        Assert.Equal("partial", _answer.Text);
    }

    [Fact]
    public void A_failed_answer_keeps_the_safe_error_apart_from_the_answer_text()
    {
        _answer.Apply(Chunks.Text(_answer.Id, 1, "Start"), Chunks.At);
        _answer.Apply(Chunks.Last(_answer.Id, 2, WireStatus.Failed, "The model is unavailable."), Chunks.At);

        Assert.Equal("Start", _answer.Text);
        Assert.Equal("The model is unavailable.", _answer.Error);
        Assert.Equal(WireStatus.Failed, _answer.Status);
    }

    [Fact]
    public void Catching_up_from_the_api_snapshot_then_applies_the_chunks_that_were_waiting()
    {
        _answer.Apply(Chunks.Text(_answer.Id, 5, " five"), Chunks.At);
        _answer.Apply(Chunks.Text(_answer.Id, 3, " three"), Chunks.At);

        _answer.CatchUp(Snapshot("one two three four", lastSequence: 4), Chunks.At);

        Assert.Equal("one two three four five", _answer.Text);
        Assert.Equal(5, _answer.LastSequence);
    }

    [Fact]
    public void A_snapshot_older_than_the_applied_chunks_changes_nothing()
    {
        _answer.Apply(Chunks.Text(_answer.Id, 1, "a"), Chunks.At);
        _answer.Apply(Chunks.Text(_answer.Id, 2, "b"), Chunks.At);

        _answer.CatchUp(Snapshot("a", lastSequence: 1), Chunks.At);

        Assert.Equal("ab", _answer.Text);
    }

    [Fact]
    public void Tokens_per_second_and_time_to_first_token_come_from_arrival_times()
    {
        _answer.Metrics.AskedAt = Chunks.At;
        _answer.Apply(Chunks.Text(_answer.Id, 1, "a"), Chunks.At.AddMilliseconds(250));
        _answer.Apply(Chunks.Text(_answer.Id, 2, "b"), Chunks.At.AddMilliseconds(750));
        _answer.Apply(Chunks.Text(_answer.Id, 3, "c"), Chunks.At.AddMilliseconds(1250));

        Assert.Equal(250, _answer.Metrics.TimeToFirstTokenMs);
        Assert.Equal(2.0, _answer.Metrics.TokensPerSecond!.Value, precision: 3);
    }

    private MessageSnapshot Snapshot(string content, long lastSequence) =>
        new(_answer.Id, "assistant", null, content, WireStatus.Streaming, Chunks.At, null, null, null, null, lastSequence);
}
