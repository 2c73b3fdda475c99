using AgentChat.Api.Ai;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgentChat.Tests.Infrastructure;

public static class ModelServices
{
    /// <summary>
    /// Puts <paramref name="model"/> where the provider's client goes, so the Api's pipeline around
    /// it (function invocation with the agent's tools, telemetry) stays as in production.
    /// </summary>
    public static IServiceCollection UseModel(this IServiceCollection services, IChatClient model)
    {
        services.RemoveAllKeyed<IChatClient>(AiServiceExtensions.ProviderKey);
        services.AddKeyedSingleton(AiServiceExtensions.ProviderKey, model);
        return services;
    }
}
