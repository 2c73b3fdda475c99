using AgentChat.Api.Agents;
using AgentChat.Api.Agents.Mcp;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace AgentChat.Api.Agents.Tools;

public static class ToolsExtensions
{
    /// <summary>Agents' tools: options, the built-in tools, MCP servers' tools, the invoker and their telemetry.</summary>
    public static IHostApplicationBuilder AddAgentTools(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ToolsOptions>()
            .Bind(builder.Configuration.GetSection(ToolsOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.StdioServers.Values.All(s => !string.IsNullOrWhiteSpace(s.Command)), "Tools:StdioServers: every server needs a Command.")
            .ValidateOnStart();
        services.AddSingleton<AgentsTelemetry>();
        services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter(AgentsTelemetry.Name))
            .WithTracing(tracing => tracing.AddSource(AgentsTelemetry.Name));
        services.AddBuiltInTools();
        services.AddSingleton<McpToolCatalog>();
        services.AddSingleton<AgentToolbox>();
        services.AddSingleton<ToolInvoker>();
        services.AddSingleton<AgentToolsValidator>();
        return builder;
    }
}
