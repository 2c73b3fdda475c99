using Microsoft.Extensions.Options;

namespace AgentChat.Api.Ai;

/// <summary>Which model answers for an agent, as the UI shows it; says plainly when it is the demo.</summary>
public sealed class ModelInfo(IOptionsMonitor<AiOptions> options)
{
    public string ModelFor(string? agentModel)
    {
        var current = options.CurrentValue;
        return current.Provider == AiProvider.Demo
            ? DemoModelOptions.ModelName
            : agentModel ?? current.Model ?? "";
    }

    public bool IsDemo => options.CurrentValue.Provider == AiProvider.Demo;

    public string Provider => options.CurrentValue.Provider.ToString();
}
