namespace AgentChat.Bench.Reporting;

/// <summary>Everything a run measured, with what it ran on and how it was set up.</summary>
public sealed class BenchReport
{
    public required MachineInfo Machine { get; init; }
    public required string Commit { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required bool Smoke { get; init; }
    public BenchSizes Sizes { get; init; } = new();
    /// <summary>How many runs the figures are the median of (<c>--runs</c>).</summary>
    public int Runs { get; init; } = 1;
    /// <summary>With several runs, each run's own report.</summary>
    public List<BenchReport>? PerRun { get; init; }
    /// <summary>The Api settings each scenario ran with (connection strings left out).</summary>
    public Dictionary<string, IReadOnlyDictionary<string, string>> ApiSettings { get; } = [];
    public List<Figure> Figures { get; } = [];
    public List<TargetResult> Targets { get; } = [];
    /// <summary>Correctness failures (lost or duplicated chunks, wrong final status): these fail a smoke run.</summary>
    public List<string> Failures { get; } = [];
    public List<string> Notes { get; } = [];
    /// <summary>The soak's samples, one a minute (<c>--soak</c> only).</summary>
    public List<SoakSample>? SoakSamples { get; set; }

    public void Add(Figure figure) => Figures.Add(figure);

    public void Target(string target, string measured, bool pass) => Targets.Add(new TargetResult(target, measured, pass));
}
