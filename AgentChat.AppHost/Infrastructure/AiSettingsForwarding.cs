using Microsoft.Extensions.Configuration;

namespace AgentChat.AppHost.Infrastructure;

/// <summary>
/// Lets the model be chosen where the app is started: <c>AI:*</c> settings given to the AppHost
/// (appsettings, user secrets, environment, command line) reach the Api. The API key travels as a
/// secret parameter, masked on the dashboard.
/// </summary>
public static class AiSettingsForwarding
{
    public static IResourceBuilder<ProjectResource> WithAiSettings(this IResourceBuilder<ProjectResource> api, IConfiguration configuration)
    {
        var section = configuration.GetSection("AI");
        foreach (var (key, value) in section.AsEnumerable(makePathsRelative: true))
        {
            if (value is null || key.Equals("ApiKey", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            api.WithEnvironment($"AI__{key.Replace(":", "__")}", value);
        }
        var apiKey = section["ApiKey"];
        if (!string.IsNullOrEmpty(apiKey))
        {
            var secret = api.ApplicationBuilder.AddParameter("ai-api-key", apiKey, secret: true);
            api.WithEnvironment("AI__ApiKey", secret);
        }
        return api;
    }
}
