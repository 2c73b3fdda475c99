using Microsoft.Extensions.Configuration;

namespace AgentChat.Bench;

/// <summary>
/// The command line: <c>[--smoke] [--scenarios ttft,ladder,peer,fast,checkpoint,resume,stop,soak] [--soak minutes] [--runs K] [--ladder 50,200]
/// [--output path] [--Sizes:Name=value ...] [--Api:Section:Name=value ...] [--postgres-options "-c name=value"]</c>. <c>--Api:</c> settings
/// go to every Api the bench starts, over its own; <c>--postgres-options</c> go with the Api's database
/// connections (Npgsql's Options). Both are for experiments, and show in the results file.
/// </summary>
public sealed class BenchOptions
{
    public static readonly string[] AllScenarios = ["ttft", "ladder", "peer", "fast", "checkpoint", "resume", "stop"];
    /// <summary>Runs for as long as it is asked (<c>--soak minutes</c>), so it is never part of the default list.</summary>
    public const string SoakScenario = "soak";

    public bool Smoke { get; private init; }
    public IReadOnlySet<string> Scenarios { get; private init; } = new HashSet<string>(AllScenarios);
    public string OutputPath { get; private init; } = "";
    public BenchSizes Sizes { get; private init; } = BenchSizes.Full();
    public IReadOnlyDictionary<string, string> ApiOverrides { get; private init; } = new Dictionary<string, string>();
    public string? PostgresOptions { get; private init; }
    /// <summary>How many times every scenario runs; the report shows each figure's median and its spread.</summary>
    public int Runs { get; private init; } = 1;

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
                ["--postgres-options"] = "PostgresOptions",
                ["--runs"] = "Runs",
                ["--soak"] = "Sizes:SoakMinutes"
            })
            .Build();

        var sizes = smoke ? BenchSizes.Smoke() : BenchSizes.Full();
        config.GetSection("Sizes").Bind(sizes);
        // --soak alone runs the soak alone; with --scenarios it runs only if listed there.
        var soaking = sizes.SoakMinutes > 0;
        var scenarios = (config["Scenarios"] ?? (soaking ? SoakScenario : string.Join(',', AllScenarios)))
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.ToLowerInvariant()).ToHashSet();
        var unknown = scenarios.Except([.. AllScenarios, SoakScenario]).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown scenario(s) {string.Join(", ", unknown)}; choose from {string.Join(", ", AllScenarios)}, {SoakScenario}.");
        }
        if (scenarios.Contains(SoakScenario) && !soaking)
        {
            throw new ArgumentException("The soak needs its length: --soak <minutes>.");
        }
        var runs = int.Parse(config["Runs"] ?? "1", System.Globalization.CultureInfo.InvariantCulture);
        if (runs < 1)
        {
            throw new ArgumentException("--runs takes a count of 1 or more.");
        }
        var output = config["Output"] ?? Path.Combine("bench-results", smoke ? "smoke.json" : scenarios.SetEquals([SoakScenario]) ? "soak.json" : "latest.json");
        return new BenchOptions
        {
            Smoke = smoke,
            Runs = runs,
            Scenarios = scenarios,
            Sizes = sizes,
            PostgresOptions = config["PostgresOptions"],
            ApiOverrides = config.GetSection("Api").AsEnumerable(makePathsRelative: true)
                .Where(s => s.Value is not null).ToDictionary(s => s.Key, s => s.Value!),
            OutputPath = Path.GetFullPath(output, repositoryRoot)
        };
    }
}
