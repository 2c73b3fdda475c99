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
/// llama.cpp or LM Studio do. The test feeds the tokens (answer text, <c>reasoning_content</c> as
/// vLLM and DeepSeek send it, and <c>tool_calls</c> streamed in pieces as OpenAI sends them) and
/// sees the requests and whether one was aborted. Requests are answered in turn from one script.
/// </summary>
public sealed class FakeOpenAIServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<Frame> _tokens = Channel.CreateUnbounded<Frame>();
    private readonly TaskCompletionSource<JsonDocument> _request = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<JsonDocument> _requests = Channel.CreateUnbounded<JsonDocument>();

    /// <summary>One SSE chunk: a delta (JSON) and, on the last one of a response, its finish reason.</summary>
    private sealed record Frame(string Delta, string? Finish);
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

    /// <summary>Every request, in order (the first is also <see cref="Request"/>).</summary>
    public ChannelReader<JsonDocument> Requests => _requests.Reader;

    public void Emit(string token) => Write(new { role = "assistant", content = token });

    /// <summary>Thinking, as vLLM's reasoning parsers, DeepSeek and llama.cpp stream it.</summary>
    public void EmitReasoning(string token) => Write(new { role = "assistant", reasoning_content = token });

    /// <summary>A tool call as OpenAI streams it: id and name first, then the arguments in pieces.</summary>
    public void EmitToolCall(string id, string name, params string[] argumentPieces)
    {
        Write(new { role = "assistant", tool_calls = new[] { new { index = 0, id, type = "function", function = new { name, arguments = "" } } } });
        foreach (var piece in argumentPieces)
        {
            Write(new { tool_calls = new[] { new { index = 0, function = new { arguments = piece } } } });
        }
        _tokens.Writer.TryWrite(new Frame("{}", "tool_calls"));
    }

    public void Finish() => _tokens.Writer.TryWrite(new Frame("{}", "stop"));

    private void Write(object delta) => _tokens.Writer.TryWrite(new Frame(JsonSerializer.Serialize(delta), null));

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
        var request = await JsonDocument.ParseAsync(context.Request.Body);
        _request.TrySetResult(request);
        _requests.Writer.TryWrite(request);
        context.RequestAborted.Register(() => _aborted.TrySetResult());
        context.Response.ContentType = "text/event-stream";
        try
        {
            await foreach (var frame in _tokens.Reader.ReadAllAsync(context.RequestAborted))
            {
                var finish = frame.Finish is null ? "null" : $"\"{frame.Finish}\"";
                await context.Response.WriteAsync(
                    $$"""data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"fake-model","choices":[{"index":0,"delta":{{frame.Delta}},"finish_reason":{{finish}}}]}""" + "\n\n",
                    context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                if (frame.Finish is not null)
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
