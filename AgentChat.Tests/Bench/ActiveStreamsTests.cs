using AgentChat.Bench.Measuring;

namespace AgentChat.Tests.Bench;

/// <summary>Memory per active stream is divided by the streams active at once, which a step of answers shorter than its ramp never has all of.</summary>
public sealed class ActiveStreamsTests
{
    [Fact]
    public void Answers_longer_than_the_ramp_are_all_active_at_once()
    {
        // Four sends over 3 ticks, each answer 10 ticks long (the ladder: 1 s ramp, 5 s answers).
        (long, long?)[] streams = [(0, 10), (1, 11), (2, 12), (3, 13)];

        Assert.Equal(4, ActiveStreams.Peak(streams));
        Assert.Equal(4, ActiveStreams.At(streams, 7));
    }

    [Fact]
    public void Answers_shorter_than_the_ramp_are_never_all_active()
    {
        // Ten sends one tick apart, each answer 5 ticks long (a fast model: 1 s ramp, 0.5 s answers).
        var streams = Enumerable.Range(0, 10).Select(i => ((long)i, (long?)(i + 5))).ToList();

        Assert.Equal(5, ActiveStreams.Peak(streams));
        Assert.Equal(5, ActiveStreams.At(streams, 7)); // sent at 3 to 7
        Assert.Equal(1, ActiveStreams.At(streams, 0));
        Assert.Equal(1, ActiveStreams.At(streams, 13));
    }

    [Fact]
    public void A_stream_that_ends_as_another_starts_is_not_active_beside_it_and_one_that_never_ended_stays_active()
    {
        (long, long?)[] handOver = [(0, 5), (5, 9)];
        (long, long?)[] neverEnded = [(0, null), (5, 9), (20, 30)];

        Assert.Equal(1, ActiveStreams.Peak(handOver));
        Assert.Equal(1, ActiveStreams.At(handOver, 5));
        Assert.Equal(2, ActiveStreams.Peak(neverEnded));
        Assert.Equal(2, ActiveStreams.At(neverEnded, 25));
        Assert.Equal(0, ActiveStreams.Peak([]));
    }
}
