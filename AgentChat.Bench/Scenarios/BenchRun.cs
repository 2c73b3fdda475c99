using System.Diagnostics;
using System.Globalization;
using AgentChat.Api.Ai;
using AgentChat.Bench.Hosting;
using AgentChat.Bench.Measuring;
using AgentChat.Bench.Reporting;
using AgentChat.LocalServices;

namespace AgentChat.Bench.Scenarios;

/// <summary>What every scenario shares: the servers, the sizes, the report, and a way to start the Api.</summary>
public sealed class BenchRun(LocalServers servers, BenchOptions options, BenchReport report)
{
    private const string Database = "chatdb";
    /// <summary>What every tab asks in a step of concurrent streams.</summary>
    public const string Question = "How does streaming work under load?";
    /// <summary>The Api's bench-only endpoint that runs a forced full GC and answers {"liveHeapBytes": n}.</summary>
    public const string ApiLiveHeapPath = "/bench/memory";
    private static readonly TimeSpan HttpTimeout = TimeSpan.FromMinutes(1);

    public LocalServers Servers => servers;
    /// <summary>The Api's database, for what the bench checks there itself.</summary>
    public string PostgresConnectionString => servers.PostgresConnectionString(Database);
    public BenchSizes Sizes => options.Sizes;
    public BenchReport Report => report;

    /// <summary>The Demo model's timing, as the Api reads it (AI:Demo:*); no reasoning phase unless asked for.</summary>
    public static Dictionary<string, string> DemoModel(int firstTokenDelayMs, double tokensPerSecond, int responseTokens, int reasoningMs = 0) => new()
    {
        ["AI:Demo:ReasoningMs"] = reasoningMs.ToString(CultureInfo.InvariantCulture),
        ["AI:Demo:FirstTokenDelayMs"] = firstTokenDelayMs.ToString(CultureInfo.InvariantCulture),
        ["AI:Demo:TokensPerSecond"] = tokensPerSecond.ToString(CultureInfo.InvariantCulture),
        ["AI:Demo:ResponseTokens"] = responseTokens.ToString(CultureInfo.InvariantCulture)
    };

    /// <summary>The ladder's answer: the Demo model's to <see cref="Question"/> (its fixed head and tail make it a little longer than asked).</summary>
    public static StepPlan LadderPlan(BenchSizes sizes, int streams) =>
        new(streams, DemoAnswer.Tokens(Question, sizes.StreamTokens).Count, sizes.TokensPerSecond, sizes.RampSeconds, Question);

    public static async Task<MeasuredServer> MeasureAsync(ApiProcess api, HttpClient http, RedisCommandCounter redis) =>
        new(new ProcessMeter(api.ProcessId), redis, await LiveHeapProbe.FindAsync(http, ApiLiveHeapPath));

    /// <summary>Lost or duplicated chunks and failed sends are failures, not findings.</summary>
    public void CheckCorrect(string label, StepResult step)
    {
        if (!step.Correct)
        {
            report.Failures.Add($"{label}: {step.Lost} lost, {step.Duplicated} duplicated chunks, {step.FailedSends} failed sends.");
        }
    }

    /// <summary>Where a server's console output goes, beside the results file.</summary>
    public string LogPath(string label)
    {
        var logs = Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(options.OutputPath)!, "logs")).FullName;
        return Path.Combine(logs, $"{label.Replace('/', '-')}.log");
    }

    /// <summary>Starts a fresh Api with the common settings plus <paramref name="settings"/>, and records them.</summary>
    public async Task<ApiProcess> StartApiAsync(string label, IReadOnlyDictionary<string, string> settings)
    {
        var all = new Dictionary<string, string>
        {
            ["ConnectionStrings:chatdb"] = servers.PostgresConnectionString(Database),
            ["ConnectionStrings:redis"] = servers.RedisConnectionString,
            ["AI:Provider"] = "Demo",
            // Simulated users register and create conversations far faster than people do.
            ["RateLimiting:UserPermitsPerMinute"] = "1000000",
            ["RateLimiting:AnonymousPermitsPerMinute"] = "1000000",
            // Information-level request logs to a pipe nobody reads would be measured as pipeline cost.
            ["Logging:LogLevel:Default"] = "Warning",
            // The live-heap probe (AgentChat.Api/Extensions/BenchProbeExtensions.cs), off in any real deployment.
            ["Bench:ProbeEnabled"] = "true"
        };
        foreach (var (key, value) in settings.Concat(options.ApiOverrides))
        {
            all[key] = value;
        }
        if (options.PostgresOptions is { } postgresOptions)
        {
            all["ConnectionStrings:chatdb"] += $";Options='{postgresOptions}'";
            all["Bench:PostgresOptions"] = postgresOptions;
        }
        report.ApiSettings[label] = all.Where(s => !s.Key.StartsWith("ConnectionStrings:", StringComparison.Ordinal))
            .ToDictionary(s => s.Key, s => s.Value);
        var startedAt = Stopwatch.GetTimestamp();
        var api = await ApiProcess.StartAsync(all, "Production", LogPath($"api {label}"));
        // What the runtime settings (JIT, GC) cost a new replica before it serves.
        report.Notes.Add($"{label}: the Api was ready {Stopwatch.GetElapsedTime(startedAt).TotalSeconds:0.0} s after its process started.");
        return api;
    }

    /// <summary>A private Redis and PostgreSQL for one run; PostgreSQL keeps its durability, as in production.</summary>
    public static Task<LocalServers> StartServersAsync() =>
        LocalServers.StartAsync("agentchat-bench", Database,
            // One pooled connection per concurrent send at the top of the ladder, and then some.
            "-c", "max_connections=300");

    public static HttpClient HttpFor(ApiProcess api) => new() { BaseAddress = api.BaseAddress, Timeout = HttpTimeout };
}
