using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AgentChat.Api.Agents.Tools;

/// <summary>
/// The meter and activity source of agents' tools and every instrument name, in one place. Each
/// tool call is an <c>execute_tool</c> span (<see cref="ToolInvoker"/>), nested under the
/// generation's <c>generate answer</c> span.
/// </summary>
public sealed class AgentsTelemetry
{
    public const string Name = "AgentChat.Agents";

    public static readonly ActivitySource Source = new(Name);
    public const string ToolCallsName = "agentchat.tool.calls";
    public const string ToolDurationName = "agentchat.tool.duration";
    public const string McpUnavailableName = "agentchat.tool.mcp_unavailable";

    public const string ToolTag = "gen_ai.tool.name";
    public const string OutcomeTag = "agentchat.tool.outcome";
    public const string ServerTag = "agentchat.mcp.server";

    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string TimedOut = "timeout";
    public const string Cancelled = "cancelled";

    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    public AgentsTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        ToolCalls = meter.CreateCounter<long>(ToolCallsName, "{call}", "Tool calls, by tool and outcome.");
        ToolDuration = meter.CreateHistogram(ToolDurationName, "s", "How long tool calls ran, by tool and outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        McpUnavailable = meter.CreateCounter<long>(McpUnavailableName, "{server}",
            "Times an MCP server could not be reached, so an agent answered without its tools.");
    }

    public Counter<long> ToolCalls { get; }
    public Histogram<double> ToolDuration { get; }
    public Counter<long> McpUnavailable { get; }

    public void RecordCall(string tool, string outcome, TimeSpan duration)
    {
        var tags = new[] { new KeyValuePair<string, object?>(ToolTag, tool), new KeyValuePair<string, object?>(OutcomeTag, outcome) };
        ToolCalls.Add(1, tags);
        ToolDuration.Record(duration.TotalSeconds, tags);
    }
}
