using AgentChat.Contracts;
namespace AgentChat.Api.Ai;

public static class AiApi
{
    private const string DemoNotice =
        "Answers come from the built-in demo model, not a real AI. Set AI:Provider (OpenAI or Ollama), AI:Endpoint, AI:Model and AI:ApiKey to use one.";

    /// <summary><c>GET /api/ai</c>: which model answers, so the UI can say so (and say when it is the demo).</summary>
    public static IEndpointRouteBuilder MapAiApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/ai", (ModelInfo models) =>
            TypedResults.Ok(new AiInfo(models.Provider, models.ModelFor(null), models.IsDemo, models.IsDemo ? DemoNotice : null)))
            .RequireAuthorization().WithTags("AI");
        return app;
    }
}
