using System.ComponentModel.DataAnnotations;

namespace AgentChat.Api.Ai;

public enum AiProvider
{
    /// <summary>The embedded demo model: no network, deterministic Markdown at a realistic pace.</summary>
    Demo,

    /// <summary>Any OpenAI-compatible chat completions endpoint (OpenAI, Azure OpenAI, Ollama /v1, vLLM, llama.cpp, LM Studio).</summary>
    OpenAI,

    /// <summary>Ollama's native API through OllamaSharp.</summary>
    Ollama
}

/// <summary>Configuration section <c>AI</c>: which model answers.</summary>
public sealed class AiOptions
{
    public const string SectionName = "AI";

    public AiProvider Provider { get; set; } = AiProvider.Demo;

    /// <summary>Base address of the provider; OpenAI's public API when empty for <see cref="AiProvider.OpenAI"/>.</summary>
    public string? Endpoint { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>The default model; an agent may name its own.</summary>
    public string? Model { get; set; }

    public DemoModelOptions Demo { get; set; } = new();
}

public sealed class DemoModelOptions
{
    public const string ModelName = "demo-markdown";

    [Range(0, 60_000)]
    public int FirstTokenDelayMs { get; set; } = 250;

    /// <summary>How long the demo model streams its reasoning before it answers (or calls a tool); 0 skips it.</summary>
    [Range(0, 60_000)]
    public int ReasoningMs { get; set; } = 1000;

    [Range(0.1, 100_000)]
    public double TokensPerSecond { get; set; } = 40;

    [Range(1, 100_000)]
    public int ResponseTokens { get; set; } = 200;
}
