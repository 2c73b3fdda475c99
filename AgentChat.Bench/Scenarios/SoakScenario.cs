using System.Diagnostics;
using System.Globalization;
using AgentChat.Api.Streaming;
using AgentChat.Bench.Clients;
using AgentChat.Bench.Measuring;
using AgentChat.Bench.Reporting;

namespace AgentChat.Bench.Scenarios;

/// <summary>
/// Scenario 8 (<c>--soak minutes</c>): <see cref="BenchSizes.SoakStreams"/> answers always generating
/// for the whole soak, the Api's and its servers' resources sampled as it runs. Passes when every
/// resource stays flat (<see cref="SoakMetric"/>), no chunk is lost or doubled, and no message is
/// left streaming once the load has stopped.
/// </summary>
public sealed class SoakScenario : IScenario
{
    private const double MegaByte = 1024 * 1024;
    /// <summary>How long the Api may take to write the last answers' final state after their final chunks.</summary>
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SettlePoll = TimeSpan.FromMilliseconds(250);

    public string Name => BenchOptions.SoakScenario;

    public async Task RunAsync(BenchRun run)
    {
        var sizes = run.Sizes;
        using var api = await run.StartApiAsync(Name, BenchRun.DemoModel(0, sizes.TokensPerSecond, sizes.StreamTokens));
        using var http = BenchRun.HttpFor(api);
        var heap = await LiveHeapProbe.FindAsync(http, BenchRun.ApiLiveHeapPath)
            ?? throw new InvalidOperationException("The Api's live-heap probe did not answer (Bench:ProbeEnabled).");
        await using var redis = await RedisFootprint.ConnectAsync(run.Servers.RedisConnectionString);
        await using var postgres = new PostgresProbe(run.PostgresConnectionString);
        var process = new ProcessMeter(api.ProcessId);
        await using var pool = await SlotPool.CreateAsync(http, api.BaseAddress, sizes.SoakStreams, sizes.StreamsPerUser, joinConversations: true);
        var plan = BenchRun.LadderPlan(sizes, sizes.SoakStreams);
        var load = new SoakLoad(pool.Slots, plan);

        var samples = new List<SoakSample>();
        var started = Stopwatch.GetTimestamp();
        async Task SampleAsync()
        {
            var minute = Stopwatch.GetElapsedTime(started).TotalMinutes;
            var liveHeap = await heap.LiveHeapBytesAsync();
            var (redisMemory, redisKeys) = await redis.ReadAsync();
            var sample = new SoakSample(minute, process.WorkingSetBytes() / MegaByte, liveHeap / MegaByte, redisMemory / MegaByte, redisKeys,
                await postgres.ConnectionsAsync(), process.Threads(), LoadAverage.OneMinute(), load.Answers);
            samples.Add(sample);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  soak {sample.Minute:F1} min: RSS {sample.WorkingSetMb:F0} MB, heap {sample.LiveHeapMb:F1} MB, Redis {sample.RedisUsedMemoryMb:F1} MB / {sample.RedisKeys:N0} keys, " +
                $"{sample.PostgresConnections} PostgreSQL connections, {sample.ApiThreads} threads, load {sample.LoadAverage:F1}, {sample.Answers:N0} answers"));
        }

        var missed = new List<string>();
        async Task TrySampleAsync()
        {
            try
            {
                await SampleAsync();
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or HttpRequestException or TaskCanceledException or StackExchange.Redis.RedisException)
            {
                // A probe that cannot get through (a stalled database, say) is a finding; the soak goes on and shows whether it recovers.
                var at = Stopwatch.GetElapsedTime(started).TotalMinutes;
                missed.Add(string.Create(CultureInfo.InvariantCulture, $"minute {at:F1}: {e.GetType().Name}: {e.Message}"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  soak {at:F1} min: sample missed: {e.GetType().Name}: {e.Message}"));
            }
        }

        using (var stop = new CancellationTokenSource(TimeSpan.FromMinutes(sizes.SoakMinutes)))
        {
            var running = load.RunAsync(stop.Token);
            try
            {
                using var timer = new PeriodicTimer(TimeSpan.FromSeconds(sizes.SoakSampleSeconds));
                var count = (int)Math.Floor(sizes.SoakMinutes * 60 / sizes.SoakSampleSeconds);
                await TrySampleAsync();
                for (var i = 0; i < count && await timer.WaitForNextTickAsync(); i++)
                {
                    await TrySampleAsync();
                }
            }
            finally
            {
                // The tabs' connections are disposed after this: the load must have stopped first.
                await stop.CancelAsync();
                await running;
            }
        }
        var streamingLeft = await SettleAsync(postgres);

        Report(run, samples, load, plan, streamingLeft);
        run.Report.Target("Soak: every sample taken", missed.Count == 0 ? "all" : $"{missed.Count} missed: {string.Join("; ", missed)}", missed.Count == 0);
    }

    /// <summary>Messages still streaming once every answer's final chunk has come and the final writes have had time to land.</summary>
    private static async Task<long> SettleAsync(PostgresProbe postgres)
    {
        var waited = Stopwatch.StartNew();
        long left;
        while ((left = await postgres.StreamingMessagesAsync()) > 0 && waited.Elapsed < SettleTimeout)
        {
            await Task.Delay(SettlePoll);
        }
        return left;
    }

    private void Report(BenchRun run, List<SoakSample> samples, SoakLoad load, StepPlan plan, long streamingLeft)
    {
        var sizes = run.Sizes;
        var report = run.Report;
        report.SoakSamples = samples;
        var retention = Retention(run);
        // Redis cannot be flat before the first answers' chunk logs start to expire; fit it from then, if the soak is long enough.
        var redisFrom = retention.TotalMinutes + 1;
        var redisFitted = samples.Count(s => s.Minute >= redisFrom) >= 3;
        if (!redisFitted)
        {
            report.Notes.Add($"soak: too short to fit Redis after its chunk logs start expiring ({ReportTable.Format(retention.TotalMinutes)} min of Streaming:ResumeRetention); " +
                "its slopes include the fill-up.");
        }

        report.Add(Figure.Of(Name, "answers finished", "answer", load.Answers));
        report.Add(Figure.Of(Name, "stretch: send → final chunk / provider's duration", "×", Distribution.Of(load.Stretch)));
        foreach (var metric in SoakMetric.All)
        {
            var from = metric.FillsOverRetention && redisFitted ? Math.Max(redisFrom, sizes.SoakWarmupMinutes) : sizes.SoakWarmupMinutes;
            var verdict = metric.Judge(samples, from, sizes.SoakMinutes);
            report.Add(Figure.Of(Name, metric.Name, metric.Unit, Distribution.Of(samples.Where(s => s.Minute >= from).Select(metric.Read))));
            report.Add(Figure.Of(Name, $"{metric.Name}: slope", $"{metric.Unit}/min", verdict.SlopePerMinute));
            report.Target(metric.PoolSize is { } pool
                    ? $"{metric.Name} within the pool over {ReportTable.Format(sizes.SoakMinutes)} min of {sizes.SoakStreams} streams: never above the first sample + {ReportTable.Format(pool)}"
                    : $"{metric.Name} flat within noise over {ReportTable.Format(sizes.SoakMinutes)} min of {sizes.SoakStreams} streams: (slope − 2 standard errors) × minutes < " +
                      (metric.RelativeLimit > 0 ? $"{metric.RelativeLimit * 100:F0}% of the mean" + (metric.AbsoluteLimit > 0 ? $" or {metric.AbsoluteLimit} {metric.Unit}s" : "") : $"{metric.AbsoluteLimit} {metric.Unit}s"),
                verdict.Describe(sizes.SoakMinutes), verdict.Flat);
            Console.WriteLine($"  soak {(verdict.Flat ? "flat" : "MISS")}: {metric.Name}: {verdict.Describe(sizes.SoakMinutes)}");
        }

        var correct = load.Lost == 0 && load.Duplicated == 0 && load.FailedSends == 0 && load.Unfinished == 0 && load.NotComplete == 0;
        report.Target($"Soak: 0 lost, 0 doubled chunks, every answer complete",
            $"{load.Lost} lost, {load.Duplicated} duplicated, {load.FailedSends} failed sends, {load.Unfinished} unfinished, {load.NotComplete} not complete, of {load.Answers:N0} answers",
            correct);
        report.Target("Soak: no message left streaming once the load has stopped", $"{streamingLeft} streaming", streamingLeft == 0);
        if (!correct || streamingLeft > 0)
        {
            report.Failures.Add($"Soak: {load.Lost} lost, {load.Duplicated} duplicated, {load.FailedSends} failed sends, {load.Unfinished} unfinished, " +
                $"{load.NotComplete} not complete, {streamingLeft} messages left streaming.");
        }
        report.Notes.Add($"soak: {sizes.SoakStreams} streams of {plan.TokensPerAnswer} tokens at {plan.TokensPerSecond} tokens/s for {ReportTable.Format(sizes.SoakMinutes)} min, " +
            $"sampled every {ReportTable.Format(sizes.SoakSampleSeconds)} s; resources judged from minute {ReportTable.Format(sizes.SoakWarmupMinutes)} " +
            $"(Redis from minute {ReportTable.Format(redisFitted ? redisFrom : sizes.SoakWarmupMinutes)}); machine load average over the samples " +
            $"{ReportTable.Format(samples.Min(s => s.LoadAverage))}–{ReportTable.Format(samples.Max(s => s.LoadAverage))}, mean {ReportTable.Format(samples.Average(s => s.LoadAverage))}.");
    }

    private TimeSpan Retention(BenchRun run) =>
        run.Report.ApiSettings[Name].TryGetValue($"{StreamingOptions.SectionName}:{nameof(StreamingOptions.ResumeRetention)}", out var setting)
            ? TimeSpan.Parse(setting, CultureInfo.InvariantCulture)
            : new StreamingOptions().ResumeRetention;
}
