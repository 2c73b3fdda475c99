using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.AI;

namespace AgentChat.Tests.Infrastructure;

/// <summary>
/// The model, played by the test: every request becomes a <see cref="ScriptedCall"/> the test finds
/// by a marker in the question (and, with tools, by round), then feeds text, reasoning, tool calls
/// or usage, fails, or finishes, and watches for cancellation.
/// </summary>
public sealed class ScriptedChatClient : IChatClient
{
    private readonly List<ScriptedCall> _calls = [];
    private readonly SemaphoreSlim _arrived = new(0);

    /// <param name="round">1 for the first request about the question; 2 for the one after its tool calls ran, and so on.</param>
    public Task<ScriptedCall> CallForAsync(string marker, TimeSpan? timeout = null, int round = 1) =>
        CallWhereAsync(c => c.Question.Contains(marker, StringComparison.Ordinal), timeout, $"about {marker} (round {round})", round - 1);

    /// <param name="skip">How many matching calls to pass over first.</param>
    public async Task<ScriptedCall> CallWhereAsync(Func<ScriptedCall, bool> match, TimeSpan? timeout = null, string what = "as expected", int skip = 0)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            lock (_calls)
            {
                var call = _calls.Where(match).Skip(skip).FirstOrDefault();
                if (call is not null)
                {
                    return call;
                }
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"The model was never asked {what}.");
            }
            await _arrived.WaitAsync(TimeSpan.FromMilliseconds(Math.Min(200, left.TotalMilliseconds)));
        }
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var call = new ScriptedCall(messages.ToList(), options, cancellationToken);
        lock (_calls)
        {
            _calls.Add(call);
        }
        _arrived.Release(100);
        await foreach (var content in call.Contents.ReadAllAsync(cancellationToken))
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, [content]) { ModelId = "scripted-model" };
        }
    }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}

public sealed class ScriptedCall
{
    private readonly Channel<AIContent> _contents = Channel.CreateUnbounded<AIContent>();
    private readonly TaskCompletionSource _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ScriptedCall(IReadOnlyList<ChatMessage> messages, ChatOptions? options, CancellationToken token)
    {
        Messages = messages;
        Options = options;
        Question = messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "";
        token.Register(() => _cancelled.TrySetResult());
    }

    public IReadOnlyList<ChatMessage> Messages { get; }
    public ChatOptions? Options { get; }
    public string Question { get; }
    public ChannelReader<AIContent> Contents => _contents.Reader;

    /// <summary>Completes when the generation cancels the model's request.</summary>
    public Task Cancelled => _cancelled.Task;

    public void Emit(params string[] tokens)
    {
        foreach (var token in tokens)
        {
            _contents.Writer.TryWrite(new TextContent(token));
        }
    }

    public void EmitReasoning(params string[] tokens)
    {
        foreach (var token in tokens)
        {
            _contents.Writer.TryWrite(new TextReasoningContent(token));
        }
    }

    /// <summary>Asks for a tool call; the function-invocation loop runs it once this call finishes.</summary>
    public void CallTool(string callId, string name, Dictionary<string, object?>? arguments = null) =>
        _contents.Writer.TryWrite(new FunctionCallContent(callId, name, arguments ?? []));

    public void EmitUsage(long input, long output) =>
        _contents.Writer.TryWrite(new UsageContent(new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output }));

    public void Finish() => _contents.Writer.TryComplete();

    public void Fail(Exception error) => _contents.Writer.TryComplete(error);
}
