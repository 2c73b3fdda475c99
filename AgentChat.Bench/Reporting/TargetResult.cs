namespace AgentChat.Bench.Reporting;

/// <summary>A target from issue 5 and how this run did against it. A miss is reported, never hidden.</summary>
public sealed record TargetResult(string Target, string Measured, bool Pass);
