namespace AgentChat.Bench.Reporting;

/// <summary>How a figure's headline (its p50, or its value) varied over the runs: lowest and highest seen.</summary>
public sealed record RunSpread(int Runs, double Min, double Max);
