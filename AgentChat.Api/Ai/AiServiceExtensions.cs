using System.ClientModel;
using System.Diagnostics.Metrics;
using AgentChat.Api.Agents.Tools;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OllamaSharp;
using OpenAI;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace AgentChat.Api.Ai;

public static class AiServiceExtensions
{
    /// <summary>
    /// The provider's own client, under this key; the pipeline (tools, telemetry, logging) is built
    /// around it. A test replaces the model by registering its own client under this key.
    /// </summary>
    public const string ProviderKey = "provider";

    /// <summary>
    /// Registers the configured provider as the <see cref="IChatClient"/>, wrapped in the agents'
    /// tool loop (<see cref="AgentToolLoop"/>: bounded rounds, each call through
    /// <see cref="ToolInvoker"/>), then a span and the gen_ai metrics per model request
    /// (<see cref="ModelCallTelemetry"/>), then logging. Neither of ours keeps a request's updates.
    /// </summary>
    public static IHostApplicationBuilder AddChatModel(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AiOptions>()
            .Bind(builder.Configuration.GetSection(AiOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AiOptions>, AiOptionsValidator>();
        builder.Services.AddSingleton<DemoChatClient>();
        builder.Services.AddSingleton<ModelInfo>();

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter(ModelCallTelemetry.Name))
            .WithTracing(tracing => tracing.AddSource(ModelCallTelemetry.Name));
        builder.Services.AddKeyedSingleton(ProviderKey, (services, _) => CreateProviderClient(services));
        builder.Services.AddChatClient(services => services.GetRequiredKeyedService<IChatClient>(ProviderKey))
            .Use((inner, services) => new AgentToolLoop(inner, services.GetRequiredService<ToolInvoker>(),
                services.GetRequiredService<IOptions<ToolsOptions>>(), services.GetRequiredService<ILogger<AgentToolLoop>>()))
            .Use((inner, services) => new ModelCallTelemetry(inner, services.GetRequiredService<IMeterFactory>()))
            .UseLogging();
        return builder;
    }

    private static IChatClient CreateProviderClient(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<AiOptions>>().Value;
        return options.Provider switch
        {
            AiProvider.Demo => services.GetRequiredService<DemoChatClient>(),
            AiProvider.OpenAI => CreateOpenAIClient(options),
            AiProvider.Ollama => new OllamaApiClient(new Uri(options.Endpoint ?? "http://localhost:11434"), options.Model!),
            _ => throw new InvalidOperationException($"Unknown AI provider {options.Provider}.")
        };
    }

    private static IChatClient CreateOpenAIClient(AiOptions options)
    {
        var clientOptions = new OpenAIClientOptions();
        if (!string.IsNullOrWhiteSpace(options.Endpoint))
        {
            clientOptions.Endpoint = new Uri(options.Endpoint);
        }
        // Local OpenAI-compatible servers take no key, but the SDK insists on one.
        var key = string.IsNullOrWhiteSpace(options.ApiKey) ? "no-key" : options.ApiKey;
        return new OpenAIClient(new ApiKeyCredential(key), clientOptions).GetChatClient(options.Model!).AsIChatClient();
    }
}
