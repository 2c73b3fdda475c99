using AgentChat.Bench;
using AgentChat.Bench.Measuring;
using AgentChat.Bench.Reporting;
using AgentChat.Bench.Scenarios;
using AgentChat.LocalServices;

// The streaming pipeline's costs, measured against the real Api, Redis and PostgreSQL (issues 5 and 11).
var options = BenchOptions.Parse(args, RepositoryRoot.Path);
IScenario[] scenarios = [new TtftScenario(), new LadderScenario(), new PeerScenario(), new FastScenario(),
    new CheckpointScenario(), new ResumeScenario(), new StopScenario(), new SoakScenario()];
var selected = scenarios.Where(s => options.Scenarios.Contains(s.Name)).ToList();
var machine = MachineInfo.Current();
var commit = MachineInfo.GitCommit(RepositoryRoot.Path);
var startedAt = DateTimeOffset.UtcNow;

Console.WriteLine($"AgentChat bench{(options.Smoke ? " (smoke)" : "")}: {string.Join(", ", selected.Select(s => s.Name))}" +
    (options.Runs > 1 ? $", {options.Runs} runs" : ""));
Console.WriteLine($"Api: {ApiProcess.AssemblyPath()}");

var runs = new List<BenchReport>();
using (var servers = await BenchRun.StartServersAsync())
{
    // Runs outermost: a busy spell on a shared machine then touches one run of each scenario, not every run of one.
    for (var i = 1; i <= options.Runs; i++)
    {
        var report = new BenchReport { Machine = machine, Commit = commit, StartedAt = DateTimeOffset.UtcNow, Smoke = options.Smoke, Sizes = options.Sizes };
        var run = new BenchRun(servers, options, report);
        foreach (var scenario in selected)
        {
            Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {scenario.Name}{(options.Runs > 1 ? $" (run {i} of {options.Runs})" : "")}");
            var loadBefore = LoadAverage.OneMinute();
            try
            {
                await scenario.RunAsync(run);
            }
            catch (Exception e)
            {
                // One scenario failing must not hide what the others measured.
                Console.Error.WriteLine(e);
                report.Failures.Add($"{scenario.Name} did not finish: {e.GetType().Name}: {e.Message}");
            }
            report.Notes.Add($"{scenario.Name}: machine load average {loadBefore:F1} before, {LoadAverage.OneMinute():F1} after ({machine.Cpus} CPUs).");
        }
        runs.Add(report);
    }
}

var final = runs.Count == 1 ? runs[0] : RunSummary.Combine(runs);
Console.WriteLine();
Console.WriteLine(ReportTable.Render(final));
await ReportFile.WriteAsync(final, options.OutputPath);
Console.WriteLine($"Results: {options.OutputPath}");
// Target misses are findings; lost or duplicated chunks and wrong final statuses are failures.
return final.Failures.Count == 0 ? 0 : 1;
