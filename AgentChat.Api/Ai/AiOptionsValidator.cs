using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace AgentChat.Api.Ai;

/// <summary>Refuses to start with a provider that could never answer, saying which setting to fix.</summary>
public sealed class AiOptionsValidator : IValidateOptions<AiOptions>
{
    public ValidateOptionsResult Validate(string? name, AiOptions options)
    {
        var failures = new List<string>();
        if (options.Provider is AiProvider.OpenAI or AiProvider.Ollama && string.IsNullOrWhiteSpace(options.Model))
        {
            failures.Add($"AI:Model is required for the {options.Provider} provider (for example gpt-4o-mini or llama3.2).");
        }
        if (!string.IsNullOrWhiteSpace(options.Endpoint) && !Uri.TryCreate(options.Endpoint, UriKind.Absolute, out _))
        {
            failures.Add($"AI:Endpoint '{options.Endpoint}' is not an absolute URL.");
        }
        if (options.Provider == AiProvider.OpenAI && string.IsNullOrWhiteSpace(options.Endpoint) && string.IsNullOrWhiteSpace(options.ApiKey))
        {
            failures.Add("AI:ApiKey is required for OpenAI's public API; set AI:Endpoint for a local OpenAI-compatible server.");
        }
        // Data annotations do not reach nested objects on their own.
        var demo = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options.Demo, new ValidationContext(options.Demo), demo, validateAllProperties: true))
        {
            failures.AddRange(demo.Select(r => $"AI:Demo: {r.ErrorMessage}"));
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
