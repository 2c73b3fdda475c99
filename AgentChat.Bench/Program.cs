using AgentChat.Bench;
using AgentChat.Bench.Measuring;
using AgentChat.Bench.Reporting;
using AgentChat.Bench.Scenarios;
using AgentChat.LocalServices;

// The streaming pipeline's costs, measured against the real Api, Redis and PostgreSQL (issue 5).
var options = BenchOptions.Parse(args, RepositoryRoot.Path);
IScenario[] scenarios = [new TtftScenario(), new LadderScenario(), new CheckpointScenario(), new ResumeScenario(), new StopScenario()];

var report = new BenchReport
{
    Machine = MachineInfo.Current(),
    Commit = MachineInfo.GitCommit(RepositoryRoot.Path),
    StartedAt = DateTimeOffset.UtcNow,
    Smoke = options.Smoke,
    Sizes = options.Sizes
};
Console.WriteLine($"AgentChat bench{(options.Smoke ? " (smoke)" : "")}: {string.Join(", ", scenarios.Where(s => options.Scenarios.Contains(s.Name)).Select(s => s.Name))}");
Console.WriteLine($"Api: {ApiProcess.AssemblyPath()}");

using (var servers = await BenchRun.StartServersAsync())
{
    var run = new BenchRun(servers, options, report);
    foreach (var scenario in scenarios.Where(s => options.Scenarios.Contains(s.Name)))
    {
        Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {scenario.Name}");
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
        report.Notes.Add($"{scenario.Name}: machine load average {loadBefore:F1} before, {LoadAverage.OneMinute():F1} after ({report.Machine.Cpus} CPUs).");
    }
}

Console.WriteLine();
Console.WriteLine(ReportTable.Render(report));
await ReportFile.WriteAsync(report, options.OutputPath);
Console.WriteLine($"Results: {options.OutputPath}");
// Target misses are findings; lost or duplicated chunks and wrong final statuses are failures.
return report.Failures.Count == 0 ? 0 : 1;
