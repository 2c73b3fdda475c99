using System.Diagnostics;
using AgentChat.Contracts;

namespace AgentChat.Bench.Clients;

/// <summary>
/// Every chunk of one message as one client saw it, in arrival order, with the arrival time
/// (Stopwatch ticks). Lost and duplicated chunks are read off the sequences.
/// </summary>
public sealed class StreamTrace
{
    public readonly record struct Arrival(long Timestamp, long Sequence, int Tokens, bool IsComplete, string Status);

    private readonly List<Arrival> _arrivals = [];
    private readonly TaskCompletionSource<long> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Arrival> _final = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly TaskCompletionSource<long> _firstText = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the arrival time of the first chunk of any kind (the first visible output).</summary>
    public Task<long> First => _first.Task;

    /// <summary>Completes with the arrival time of the first chunk of answer text (the first token).</summary>
    public Task<long> FirstText => _firstText.Task;

    /// <summary>Completes with the final chunk (IsComplete) when it arrives.</summary>
    public Task<Arrival> Final => _final.Task;

    public void Record(MessageChunk chunk, long timestamp) =>
        Record(chunk.Sequence, chunk.Chunk, chunk.IsComplete, chunk.Status, timestamp, chunk.Kind);

    public void Record(long sequence, string text, bool isComplete, string status, long timestamp, string kind = ChunkKind.Text)
    {
        var arrival = new Arrival(timestamp, sequence, CountTokens(text), isComplete, status);
        lock (_arrivals)
        {
            _arrivals.Add(arrival);
        }
        _first.TrySetResult(timestamp);
        if (kind == ChunkKind.Text && text.Length > 0 && !isComplete)
        {
            _firstText.TrySetResult(timestamp);
        }
        if (isComplete)
        {
            _final.TrySetResult(arrival);
        }
    }

    public IReadOnlyList<Arrival> Arrivals
    {
        get { lock (_arrivals) { return _arrivals.ToArray(); } }
    }

    /// <summary>Sequences between 1 and the final one that never arrived (all of them after the last seen, if no final).</summary>
    public int Lost()
    {
        var arrivals = Arrivals;
        var distinct = arrivals.Select(a => a.Sequence).Distinct().Count();
        var last = arrivals.Count == 0 ? 0 : arrivals.Max(a => a.Sequence);
        return (int)(last - distinct) + (Final.IsCompleted ? 0 : 1);
    }

    public int Duplicated()
    {
        var arrivals = Arrivals;
        return arrivals.Count - arrivals.Select(a => a.Sequence).Distinct().Count();
    }

    /// <summary>
    /// For each chunk after the first: how much later it came than the tokens it carries were due,
    /// counting from the chunk before (gap minus tokens / rate; early counts as 0), in ms.
    /// </summary>
    public IEnumerable<double> InterArrivalLatenessMs(double tokensPerSecond)
    {
        var streamed = Arrivals.Where(a => !a.IsComplete).DistinctBy(a => a.Sequence).ToArray();
        for (var i = 1; i < streamed.Length; i++)
        {
            var gapMs = Stopwatch.GetElapsedTime(streamed[i - 1].Timestamp, streamed[i].Timestamp).TotalMilliseconds;
            yield return Math.Max(0, gapMs - streamed[i].Tokens * 1000.0 / tokensPerSecond);
        }
    }

    /// <summary>The demo model's tokens are words with the whitespace after them: count the words.</summary>
    private static int CountTokens(string text)
    {
        var tokens = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var isWord = !char.IsWhiteSpace(c);
            if (isWord && !inWord)
            {
                tokens++;
            }
            inWord = isWord;
        }
        return tokens;
    }
}
