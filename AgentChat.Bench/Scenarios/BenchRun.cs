using System.Globalization;
using AgentChat.Bench.Reporting;
using AgentChat.LocalServices;

namespace AgentChat.Bench.Scenarios;

/// <summary>What every scenario shares: the servers, the sizes, the report, and a way to start the Api.</summary>
public sealed class BenchRun(LocalServers servers, BenchOptions options, BenchReport report)
{
    private const string Database = "chatdb";
    private static readonly TimeSpan HttpTimeout = TimeSpan.FromMinutes(1);

    public LocalServers Servers => servers;
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
            ["Logging:LogLevel:Default"] = "Warning"
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
        var logs = Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(options.OutputPath)!, "logs")).FullName;
        return await ApiProcess.StartAsync(all, "Production", Path.Combine(logs, $"api {label}.log"));
    }

    /// <summary>A private Redis and PostgreSQL for one run; PostgreSQL keeps its durability, as in production.</summary>
    public static Task<LocalServers> StartServersAsync() =>
        LocalServers.StartAsync("agentchat-bench", Database,
            // One pooled connection per concurrent send at the top of the ladder, and then some.
            "-c", "max_connections=300");

    public static HttpClient HttpFor(ApiProcess api) => new() { BaseAddress = api.BaseAddress, Timeout = HttpTimeout };
}
