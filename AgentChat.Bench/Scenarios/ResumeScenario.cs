using System.Diagnostics;
using AgentChat.Bench.Clients;
using AgentChat.Bench.Measuring;
using AgentChat.Bench.Reporting;

namespace AgentChat.Bench.Scenarios;

/// <summary>
/// Scenario 4: a client that comes back with nothing (afterSequence 0) to a message of
/// <see cref="BenchSizes.ResumeTokens"/> logged chunks, measured after
/// <see cref="BenchSizes.ResumeWarmups"/> resumes that are reported apart (every resume is checked). Time from invoking ResumeStreamCompact (as the browser resumes) to the
/// arrival of the batch holding the first replayed chunk and of the one holding the last.
/// </summary>
public sealed class ResumeScenario : IScenario
{
    private const double TargetFirstChunkP99Ms = 5;
    private const double TargetLastChunkP50Ms = 3;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public string Name => "resume";

    public async Task RunAsync(BenchRun run)
    {
        var sizes = run.Sizes;
        var settings = BenchRun.DemoModel(0, sizes.ResumeTokensPerSecond, sizes.ResumeTokens);
        // Every token its own logged chunk, as the goal counts them: the merge window (about a
        // frame) would otherwise fold tokens 10 ms apart into one chunk in two.
        settings["Streaming:ChunkMergeWindow"] = "00:00:00";
        using var api = await run.StartApiAsync(Name, settings);
        using var http = BenchRun.HttpFor(api);
        await using var pool = await SlotPool.CreateAsync(http, api.BaseAddress, sizes.ResumeMessages, sizes.StreamsPerUser);

        var messages = await Task.WhenAll(pool.Slots.Select(async slot =>
        {
            var (sent, _) = await slot.Connection.SendAsync(slot.ConversationId, "Give me a long answer to replay");
            var final = await slot.Connection.Trace(sent.AssistantMessageId).Final.WaitAsync(Timeout);
            return (slot.Connection, MessageId: sent.AssistantMessageId, LastSequence: final.Sequence);
        }));
        run.Report.Add(Figure.Of("resume", "logged chunks per message (fewest)", "chunk", messages.Min(m => m.LastSequence)));

        var toFirst = new List<double>();
        var toLast = new List<double>();
        var warmingFirst = new List<double>();
        var warmingLast = new List<double>();
        for (var i = 0; i < sizes.ResumeWarmups + sizes.Resumes; i++)
        {
            var (connection, messageId, lastSequence) = messages[i % messages.Length];
            var trace = connection.RestartTrace(messageId);
            var askedAt = Stopwatch.GetTimestamp();
            await connection.ResumeAsync(messageId, 0);
            var firstAt = await trace.First.WaitAsync(Timeout);
            var final = await trace.Final.WaitAsync(Timeout);
            (i < sizes.ResumeWarmups ? warmingFirst : toFirst).Add(Stopwatch.GetElapsedTime(askedAt, firstAt).TotalMilliseconds);
            (i < sizes.ResumeWarmups ? warmingLast : toLast).Add(Stopwatch.GetElapsedTime(askedAt, final.Timestamp).TotalMilliseconds);
            var received = trace.Arrivals.Count;
            if (trace.Lost() != 0 || trace.Duplicated() != 0 || received != lastSequence)
            {
                run.Report.Failures.Add($"Resume of {messageId} replayed {received} chunks of {lastSequence} ({trace.Lost()} lost, {trace.Duplicated()} duplicated).");
            }
        }

        if (warmingFirst.Count > 0)
        {
            run.Report.Add(Figure.Of("resume", $"first {warmingFirst.Count} resumes (code still being optimised) → first replayed chunk", "ms", Distribution.Of(warmingFirst)));
            run.Report.Add(Figure.Of("resume", $"first {warmingLast.Count} resumes (code still being optimised) → last replayed chunk", "ms", Distribution.Of(warmingLast)));
        }
        var first = Distribution.Of(toFirst);
        var last = Distribution.Of(toLast);
        run.Report.Add(Figure.Of("resume", "ResumeStreamCompact → first replayed chunk", "ms", first));
        run.Report.Add(Figure.Of("resume", "ResumeStreamCompact → last replayed chunk", "ms", last));
        run.Report.Target($"Resume of {sizes.ResumeTokens:N0} logged chunks: last chunk p50 ≤ {TargetLastChunkP50Ms} ms, first chunk p99 ≤ {TargetFirstChunkP99Ms} ms",
            $"last p50 {ReportTable.Format(last.P50)} ms, first p99 {ReportTable.Format(first.P99)} ms",
            last.P50 <= TargetLastChunkP50Ms && first.P99 <= TargetFirstChunkP99Ms);
    }
}
