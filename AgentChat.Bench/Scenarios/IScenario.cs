namespace AgentChat.Bench.Scenarios;

public interface IScenario
{
    /// <summary>The name the command line selects it by.</summary>
    string Name { get; }

    Task RunAsync(BenchRun run);
}
