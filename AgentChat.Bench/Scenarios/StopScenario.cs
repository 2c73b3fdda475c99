using System.Diagnostics;
using AgentChat.Bench.Clients;
using AgentChat.Bench.Measuring;
using AgentChat.Bench.Reporting;

namespace AgentChat.Bench.Scenarios;

/// <summary>
/// Scenario 5: a user stops an answer right after its first chunk. Time from invoking
/// StopGenerating to the final chunk with status <c>stopped</c>.
/// </summary>
public sealed class StopScenario : IScenario
{
    private const double TargetP99Ms = 50;
    /// <summary>Long enough that no answer ends on its own before the stop reaches it.</summary>
    private const int ResponseTokens = 2000;
    private const double TokensPerSecond = 40;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public string Name => "stop";

    public async Task RunAsync(BenchRun run)
    {
        var sizes = run.Sizes;
        using var api = await run.StartApiAsync(Name, BenchRun.DemoModel(0, TokensPerSecond, ResponseTokens));
        using var http = BenchRun.HttpFor(api);
        await using var pool = await SlotPool.CreateAsync(http, api.BaseAddress, 1, 1);
        var slot = pool.Slots[0];

        var toFinal = new List<double>();
        var stopCall = new List<double>();
        for (var i = 0; i < sizes.StopSamples; i++)
        {
            var (sent, _) = await slot.Connection.SendAsync(slot.ConversationId, $"Question {i} that will be stopped");
            var trace = slot.Connection.Trace(sent.AssistantMessageId);
            await trace.First.WaitAsync(Timeout);
            var stoppedAt = Stopwatch.GetTimestamp();
            await slot.Connection.StopAsync(sent.AssistantMessageId);
            stopCall.Add(Stopwatch.GetElapsedTime(stoppedAt).TotalMilliseconds);
            var final = await trace.Final.WaitAsync(Timeout);
            toFinal.Add(Stopwatch.GetElapsedTime(stoppedAt, final.Timestamp).TotalMilliseconds);
            if (final.Status != "stopped" || trace.Lost() != 0 || trace.Duplicated() != 0)
            {
                run.Report.Failures.Add($"Stopped answer {sent.AssistantMessageId} ended {final.Status} ({trace.Lost()} lost, {trace.Duplicated()} duplicated).");
            }
        }

        var final99 = Distribution.Of(toFinal);
        run.Report.Add(Figure.Of("stop", "StopGenerating → final stopped chunk", "ms", final99));
        run.Report.Add(Figure.Of("stop", "StopGenerating round trip", "ms", Distribution.Of(stopCall)));
        run.Report.Target($"Stop → final chunk p99 ≤ {TargetP99Ms} ms", ReportTable.Format(final99, "ms"), final99.P99 <= TargetP99Ms);
    }
}
