using Microsoft.Extensions.Options;

namespace AgentChat.Api.Ai;

/// <summary>Which model answers for an agent, as the UI shows it; says plainly when it is the demo.</summary>
public sealed class ModelInfo(IOptionsMonitor<AiOptions> options)
{
    public string ModelFor(string? agentModel)
    {
        var (forced, fallback) = Choice();
        return forced ?? agentModel ?? fallback;
    }

    /// <summary>
    /// The model for an agent is <c>forced ?? agent's model ?? fallback</c>: in this form the turn's
    /// SQL picks it in the same statement that reads the agent.
    /// </summary>
    public (string? Forced, string Fallback) Choice()
    {
        var current = options.CurrentValue;
        return current.Provider == AiProvider.Demo ? (DemoModelOptions.ModelName, "") : (null, current.Model ?? "");
    }

    public bool IsDemo => options.CurrentValue.Provider == AiProvider.Demo;

    public string Provider => options.CurrentValue.Provider.ToString();
}
