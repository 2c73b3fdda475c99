using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.AI;

namespace AgentChat.Tests.Infrastructure;

/// <summary>
/// The model, played by the test: every request becomes a <see cref="ScriptedCall"/> the test finds
/// by a marker in the question, then feeds tokens, fails, or finishes, and watches for cancellation.
/// </summary>
public sealed class ScriptedChatClient : IChatClient
{
    private readonly List<ScriptedCall> _calls = [];
    private readonly SemaphoreSlim _arrived = new(0);

    public Task<ScriptedCall> CallForAsync(string marker, TimeSpan? timeout = null) =>
        CallWhereAsync(c => c.Question.Contains(marker, StringComparison.Ordinal), timeout, $"about {marker}");

    public async Task<ScriptedCall> CallWhereAsync(Func<ScriptedCall, bool> match, TimeSpan? timeout = null, string what = "as expected")
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            lock (_calls)
            {
                var call = _calls.FirstOrDefault(match);
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
        await foreach (var token in call.Tokens.ReadAllAsync(cancellationToken))
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, token) { ModelId = "scripted-model" };
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
    private readonly Channel<string> _tokens = Channel.CreateUnbounded<string>();
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
    public ChannelReader<string> Tokens => _tokens.Reader;

    /// <summary>Completes when the generation cancels the model's request.</summary>
    public Task Cancelled => _cancelled.Task;

    public void Emit(params string[] tokens)
    {
        foreach (var token in tokens)
        {
            _tokens.Writer.TryWrite(token);
        }
    }

    public void Finish() => _tokens.Writer.TryComplete();

    public void Fail(Exception error) => _tokens.Writer.TryComplete(error);
}
