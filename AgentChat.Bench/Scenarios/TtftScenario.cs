using System.Diagnostics;
using AgentChat.Api.Ai;
using AgentChat.Bench.Clients;
using AgentChat.Bench.Measuring;
using AgentChat.Bench.Reporting;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace AgentChat.Bench.Scenarios;

/// <summary>
/// Scenario 1: what the pipeline adds to the time to first token. The Demo model answers with no
/// first-token delay, so everything between invoking SendMessage and the first chunk arriving
/// is the pipeline's (hub, database turn, generation start, chunk log, broadcast). Two zero lines:
/// the same model called in-process, and the transport alone (an echo hub call on the same server
/// that pushes one chunk, <see cref="EchoConnection"/>) both right after an answer, as each send
/// is, and after the server has been idle a moment, as a person's send is.
/// </summary>
public sealed class TtftScenario : IScenario
{
    private const int ProviderFirstTokenDelayMs = 0;

    /// <summary>The demo model reasons this long before its first answer token: first output and first token then differ by it.</summary>
    private const int ProviderReasoningMs = 100;
    private const double TargetP50Ms = 0.5;
    private const double TargetP99Ms = 3;
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Long enough for the server's and the client's threads to have gone to sleep.</summary>
    private static readonly TimeSpan IdleBeforeEcho = TimeSpan.FromMilliseconds(20);

    public string Name => "ttft";

    public async Task RunAsync(BenchRun run)
    {
        var sizes = run.Sizes;
        var zeroLine = await MeasureInProcessAsync(sizes);

        using var api = await run.StartApiAsync(Name,
            BenchRun.DemoModel(ProviderFirstTokenDelayMs, sizes.TtftTokensPerSecond, sizes.TtftResponseTokens, ProviderReasoningMs));
        using var http = BenchRun.HttpFor(api);
        await using var pool = await SlotPool.CreateAsync(http, api.BaseAddress, 1, 1);
        var slot = pool.Slots[0];
        var agent = await slot.User.FirstAgentAsync();
        await using var echo = await EchoConnection.ConnectAsync(api.BaseAddress, slot.User.AccessToken);

        var firstChunkMs = new List<double>();
        var firstTextMs = new List<double>();
        var sendMs = new List<double>();
        var afterReturnMs = new List<double>();
        var echoMs = new List<double>();
        var conversation = slot.ConversationId;
        for (var i = 0; i < sizes.TtftWarmupSends + sizes.TtftSends; i++)
        {
            // Short conversations, as people have: history grows the prompt the turn reads.
            if (i > 0 && i % sizes.TtftSendsPerConversation == 0)
            {
                conversation = await slot.User.CreateConversationAsync(agent);
            }
            var (sent, sentAt) = await slot.Connection.SendAsync(conversation, $"Question {i} about time to first token");
            var returnedAt = Stopwatch.GetTimestamp();
            var trace = slot.Connection.Trace(sent.AssistantMessageId);
            var firstAt = await trace.First.WaitAsync(AnswerTimeout);
            var firstTextAt = await trace.FirstText.WaitAsync(AnswerTimeout);
            // One answer at a time: the next send must not queue behind this one's chunks.
            await trace.Final.WaitAsync(AnswerTimeout);
            // Where the next send would be: right after an answer.
            var echoed = await echo.EchoAsync(i, AnswerTimeout);
            if (i >= sizes.TtftWarmupSends)
            {
                echoMs.Add(echoed);
                firstChunkMs.Add(Stopwatch.GetElapsedTime(sentAt, firstAt).TotalMilliseconds - ProviderFirstTokenDelayMs);
                firstTextMs.Add(Stopwatch.GetElapsedTime(sentAt, firstTextAt).TotalMilliseconds);
                sendMs.Add(Stopwatch.GetElapsedTime(sentAt, returnedAt).TotalMilliseconds);
                afterReturnMs.Add((firstAt - returnedAt) * 1000.0 / Stopwatch.Frequency);
            }
        }

        var idleEchoMs = new List<double>();
        for (var i = 0; i < sizes.TtftSends; i++)
        {
            await Task.Delay(IdleBeforeEcho);
            idleEchoMs.Add(await echo.EchoAsync(sizes.TtftWarmupSends + sizes.TtftSends + i, AnswerTimeout));
        }

        var added = Distribution.Of(firstChunkMs);
        var transport = Distribution.Of(echoMs);
        run.Report.Add(Figure.Of("ttft", "provider's own first-token delay", "ms", ProviderFirstTokenDelayMs));
        run.Report.Add(Figure.Of("ttft", "added by the pipeline (client first output, any kind − provider's delay)", "ms", added));
        run.Report.Add(Figure.Of("ttft", $"time to first answer token (after {ProviderReasoningMs} ms of streamed reasoning)", "ms", Distribution.Of(firstTextMs)));
        run.Report.Add(Figure.Of("ttft", "of which SendMessage round trip (the turn: checks, database, start)", "ms", Distribution.Of(sendMs)));
        // Negative when the first chunk overtakes SendMessage's own result.
        run.Report.Add(Figure.Of("ttft", "first chunk after SendMessage returned", "ms", Distribution.Of(afterReturnMs)));
        run.Report.Add(Figure.Of("ttft", "zero line: in-process DemoChatClient first token", "ms", zeroLine));
        run.Report.Add(Figure.Of("ttft", "zero line: transport (echo hub call pushing one chunk, right after an answer)", "ms", transport));
        run.Report.Add(Figure.Of("ttft", $"zero line: transport, after {IdleBeforeEcho.TotalMilliseconds:0} ms idle", "ms", Distribution.Of(idleEchoMs)));
        // The goal is on the whole; the transport's share is printed beside it, not taken off it.
        run.Report.Target($"TTFT added by the pipeline p50 ≤ {TargetP50Ms} ms, p99 ≤ {TargetP99Ms} ms",
            $"{ReportTable.Format(added, "ms")} (transport alone: p50 {ReportTable.Format(transport.P50)} ms)", added.P50 <= TargetP50Ms && added.P99 <= TargetP99Ms);
    }

    /// <summary>The model alone: from asking to the first update, with nothing in between.</summary>
    private static async Task<Distribution> MeasureInProcessAsync(BenchSizes sizes)
    {
        var options = new AiOptions { Demo = { FirstTokenDelayMs = ProviderFirstTokenDelayMs, ReasoningMs = ProviderReasoningMs, TokensPerSecond = sizes.TtftTokensPerSecond, ResponseTokens = sizes.TtftResponseTokens } };
        using var model = new DemoChatClient(new FixedOptions<AiOptions>(options), TimeProvider.System);
        var samples = new List<double>();
        for (var i = 0; i < sizes.TtftWarmupSends + sizes.TtftSends; i++)
        {
            var askedAt = Stopwatch.GetTimestamp();
            await using var updates = model.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, $"Question {i}")]).GetAsyncEnumerator();
            await updates.MoveNextAsync();
            if (i >= sizes.TtftWarmupSends)
            {
                samples.Add(Stopwatch.GetElapsedTime(askedAt).TotalMilliseconds);
            }
        }
        return Distribution.Of(samples);
    }

    private sealed class FixedOptions<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}
