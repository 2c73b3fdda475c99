using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace AgentChat.Api.Ai;

/// <summary>
/// The model for machines without one. After <see cref="DemoModelOptions.FirstTokenDelayMs"/> it
/// thinks aloud for <see cref="DemoModelOptions.ReasoningMs"/> (streamed reasoning); given tools, it
/// then asks for one (<see cref="DemoToolPlan"/>) through the real tool loop (AgentToolLoop) and,
/// called again with the result, uses it in its answer (<see cref="DemoAnswer"/>), streamed at
/// <see cref="DemoModelOptions.TokensPerSecond"/>. Each round ends with its token usage. Tokens are
/// scheduled against the start time, so a busy machine delays them without drifting.
/// </summary>
public sealed class DemoChatClient(IOptionsMonitor<AiOptions> options, TimeProvider time) : IChatClient
{
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? chatOptions = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var demo = options.CurrentValue.Demo;
        var prompt = messages.ToList();
        var lastQuestion = prompt.FindLastIndex(m => m.Role == ChatRole.User);
        var question = lastQuestion < 0 ? "" : prompt[lastQuestion].Text;
        var results = prompt.Skip(lastQuestion + 1).SelectMany(m => m.Contents).OfType<FunctionResultContent>().ToList();
        var start = time.GetTimestamp();
        var responseId = Guid.NewGuid().ToString("N");
        var emitted = 0;

        var call = results.Count == 0 ? DemoToolPlan.For(question, chatOptions?.Tools) : null;
        var answerStartMs = (double)demo.FirstTokenDelayMs;
        if (results.Count == 0 && demo.ReasoningMs > 0)
        {
            var thoughts = DemoAnswer.Thoughts(question, call?.Name);
            for (var i = 0; i < thoughts.Count; i++)
            {
                await WaitUntilAsync(start, demo.FirstTokenDelayMs + i * (double)demo.ReasoningMs / thoughts.Count, cancellationToken);
                emitted++;
                yield return Update(new TextReasoningContent(thoughts[i]), responseId);
            }
            answerStartMs += demo.ReasoningMs;
        }
        if (call is not null)
        {
            await WaitUntilAsync(start, answerStartMs, cancellationToken);
            yield return Update(call, responseId);
            yield return Update(Usage(prompt, emitted + 1), responseId);
            yield break;
        }

        var tokens = DemoAnswer.WithToolResults(results, prompt, DemoAnswer.Tokens(question, demo.ResponseTokens));
        for (var i = 0; i < tokens.Count; i++)
        {
            await WaitUntilAsync(start, answerStartMs + i * 1000.0 / demo.TokensPerSecond, cancellationToken);
            yield return Update(new TextContent(tokens[i]), responseId);
        }
        yield return Update(Usage(prompt, emitted + tokens.Count), responseId);
    }

    private async Task WaitUntilAsync(long start, double dueMs, CancellationToken cancellationToken)
    {
        var wait = TimeSpan.FromMilliseconds(dueMs) - time.GetElapsedTime(start);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken);
        }
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static ChatResponseUpdate Update(AIContent content, string responseId) =>
        new(ChatRole.Assistant, [content]) { ModelId = DemoModelOptions.ModelName, ResponseId = responseId };

    /// <summary>A word counts as a token: not a real tokenizer, but deterministic and of the right size.</summary>
    private static UsageContent Usage(IEnumerable<ChatMessage> prompt, int output)
    {
        var input = prompt.Sum(m => m.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length);
        return new UsageContent(new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output });
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
