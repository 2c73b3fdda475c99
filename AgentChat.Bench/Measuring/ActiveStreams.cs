namespace AgentChat.Bench.Measuring;

/// <summary>
/// How many streams were active at once, from each stream's start and end (Stopwatch ticks; an
/// end of null: it never ended within the step). A stream is active from its start up to, not
/// including, its end. Memory per active stream is divided by these, not by all of a step's
/// streams: when an answer is shorter than the ramp (a fast model's), the first answers have
/// ended before the last ones start, and about half of them are ever active at once.
/// </summary>
public static class ActiveStreams
{
    public static int At(IEnumerable<(long Start, long? End)> streams, long moment) =>
        streams.Count(s => s.Start <= moment && (s.End is not { } end || end > moment));

    public static int Peak(IEnumerable<(long Start, long? End)> streams)
    {
        // Ends before starts at the same moment: a stream that ends as another starts is not active beside it.
        var changes = streams
            .SelectMany(s => s.End is { } end ? new[] { (At: s.Start, Change: 1), (At: end, Change: -1) } : [(s.Start, 1)])
            .OrderBy(c => c.At).ThenBy(c => c.Change);
        int active = 0, peak = 0;
        foreach (var (_, change) in changes)
        {
            active += change;
            peak = Math.Max(peak, active);
        }
        return peak;
    }
}
