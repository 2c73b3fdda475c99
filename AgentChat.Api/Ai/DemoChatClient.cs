using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace AgentChat.Api.Ai;

/// <summary>
/// The model for machines without one: answers the last user message with <see cref="DemoAnswer"/>,
/// after <see cref="DemoModelOptions.FirstTokenDelayMs"/>, at <see cref="DemoModelOptions.TokensPerSecond"/>.
/// Tokens are scheduled against the start time, so a busy machine delays them without drifting.
/// </summary>
public sealed class DemoChatClient(IOptionsMonitor<AiOptions> options, TimeProvider time) : IChatClient
{
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? chatOptions = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var demo = options.CurrentValue.Demo;
        var question = messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "";
        var tokens = DemoAnswer.Tokens(question, demo.ResponseTokens);
        var start = time.GetTimestamp();
        var responseId = Guid.NewGuid().ToString("N");

        for (var i = 0; i < tokens.Count; i++)
        {
            var due = TimeSpan.FromMilliseconds(demo.FirstTokenDelayMs + i * 1000.0 / demo.TokensPerSecond);
            var wait = due - time.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
            }
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ChatResponseUpdate(ChatRole.Assistant, tokens[i])
            {
                ModelId = DemoModelOptions.ModelName,
                ResponseId = responseId
            };
        }
    }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? chatOptions = null,
        CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, chatOptions, cancellationToken).ToChatResponseAsync(cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
