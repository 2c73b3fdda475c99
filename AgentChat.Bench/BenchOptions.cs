using Microsoft.Extensions.Configuration;

namespace AgentChat.Bench;

/// <summary>
/// The command line: <c>[--smoke] [--scenarios ttft,ladder,checkpoint,resume,stop] [--ladder 50,200]
/// [--output path] [--Sizes:Name=value ...] [--Api:Section:Name=value ...] [--postgres-options "-c name=value"]</c>. <c>--Api:</c> settings
/// go to every Api the bench starts, over its own; <c>--postgres-options</c> go with the Api's database
/// connections (Npgsql's Options). Both are for experiments, and show in the results file.
/// </summary>
public sealed class BenchOptions
{
    public static readonly string[] AllScenarios = ["ttft", "ladder", "checkpoint", "resume", "stop"];

    public bool Smoke { get; private init; }
    public IReadOnlySet<string> Scenarios { get; private init; } = new HashSet<string>(AllScenarios);
    public string OutputPath { get; private init; } = "";
    public BenchSizes Sizes { get; private init; } = BenchSizes.Full();
    public IReadOnlyDictionary<string, string> ApiOverrides { get; private init; } = new Dictionary<string, string>();
    public string? PostgresOptions { get; private init; }

    public static BenchOptions Parse(string[] args, string repositoryRoot)
    {
        // "--smoke" alone is a flag; the configuration parser wants a value after every switch.
        var smoke = args.Contains("--smoke");
        var config = new ConfigurationBuilder()
            .AddCommandLine(args.Where(a => a != "--smoke").ToArray(), new Dictionary<string, string>
            {
                ["--scenarios"] = "Scenarios",
                ["--ladder"] = "Sizes:LadderSteps",
                ["--output"] = "Output",
                ["--postgres-options"] = "PostgresOptions"
            })
            .Build();

        var sizes = smoke ? BenchSizes.Smoke() : BenchSizes.Full();
        config.GetSection("Sizes").Bind(sizes);
        var scenarios = (config["Scenarios"] ?? string.Join(',', AllScenarios))
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.ToLowerInvariant()).ToHashSet();
        var unknown = scenarios.Except(AllScenarios).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown scenario(s) {string.Join(", ", unknown)}; choose from {string.Join(", ", AllScenarios)}.");
        }
        var output = config["Output"] ?? Path.Combine("bench-results", smoke ? "smoke.json" : "latest.json");
        return new BenchOptions
        {
            Smoke = smoke,
            Scenarios = scenarios,
            Sizes = sizes,
            PostgresOptions = config["PostgresOptions"],
            ApiOverrides = config.GetSection("Api").AsEnumerable(makePathsRelative: true)
                .Where(s => s.Value is not null).ToDictionary(s => s.Key, s => s.Value!),
            OutputPath = Path.GetFullPath(output, repositoryRoot)
        };
    }
}
