using System.Text.Json;
using System.Threading.Channels;
using AgentChat.LocalServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace AgentChat.Tests.Infrastructure;

/// <summary>
/// A local server speaking OpenAI's chat completions protocol with SSE streaming, as vLLM,
/// llama.cpp or LM Studio do. The test feeds the tokens and sees whether the request was aborted.
/// </summary>
public sealed class FakeOpenAIServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<string?> _tokens = Channel.CreateUnbounded<string?>();
    private readonly TaskCompletionSource<JsonDocument> _request = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _aborted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FakeOpenAIServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The base address to configure as AI:Endpoint (ends in /v1).</summary>
    public Uri Address { get; }

    public Task<JsonDocument> Request => _request.Task;

    /// <summary>Completes when the client hung up mid-stream: the upstream request was aborted.</summary>
    public Task Aborted => _aborted.Task;

    public void Emit(string token) => _tokens.Writer.TryWrite(token);

    public void Finish() => _tokens.Writer.TryWrite(null);

    public static async Task<FakeOpenAIServer> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var server = new FakeOpenAIServer(app, new Uri($"http://127.0.0.1:{port}/v1"));
        app.MapPost("/v1/chat/completions", server.StreamAsync);
        await app.StartAsync();
        return server;
    }

    private async Task StreamAsync(HttpContext context)
    {
        _request.TrySetResult(await JsonDocument.ParseAsync(context.Request.Body));
        context.RequestAborted.Register(() => _aborted.TrySetResult());
        context.Response.ContentType = "text/event-stream";
        try
        {
            await foreach (var token in _tokens.Reader.ReadAllAsync(context.RequestAborted))
            {
                var delta = token is null ? "{}" : JsonSerializer.Serialize(new { role = "assistant", content = token });
                var finish = token is null ? "\"stop\"" : "null";
                await context.Response.WriteAsync(
                    $$"""data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"fake-model","choices":[{"index":0,"delta":{{delta}},"finish_reason":{{finish}}}]}""" + "\n\n",
                    context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                if (token is null)
                {
                    await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
