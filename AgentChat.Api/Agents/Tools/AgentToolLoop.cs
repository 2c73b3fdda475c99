using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace AgentChat.Api.Agents.Tools;

/// <summary>
/// The agents' tool loop: streams a model request, runs the tool calls it asked for (a round's
/// calls at once, each through <see cref="ToolInvoker"/>, its result streamed the moment it is
/// there) and asks again with the results, for at most <see cref="ToolsOptions.MaxRounds"/>
/// rounds; the round after that offers no tools, so the model answers. A call it will not run
/// (no such tool, arguments that are not JSON, over <see cref="ToolsOptions.MaxCallsPerRound"/>,
/// no rounds left) ends failed with a safe reason, so no tool card is left running.
/// It replaces Microsoft.Extensions.AI's FunctionInvokingChatClient because that one keeps every
/// update of a request until the request ends (to rebuild the response when a tool is called):
/// about 40 KB for a 200-token answer, for as long as it streams. This loop keeps only what the
/// next request needs, a round's text and its calls.
/// </summary>
public sealed class AgentToolLoop(IChatClient inner, ToolInvoker invoker, IOptions<ToolsOptions> options, ILogger<AgentToolLoop> logger)
    : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default) =>
        options?.Tools is not { Count: > 0 }
            ? await base.GetResponseAsync(messages, options, cancellationToken)
            : await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? chatOptions = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var functions = Functions(chatOptions);
        var rounds = functions.Count == 0 ? 0 : options.Value.MaxRounds;
        List<ChatMessage>? history = null; // made only once a tool is called
        for (var round = 0; ; round++)
        {
            var last = round >= rounds;
            StringBuilder? text = null;
            List<FunctionCallContent>? calls = null;
            await foreach (var update in base.GetStreamingResponseAsync(history ?? messages, last ? WithoutFunctions(chatOptions) : chatOptions, cancellationToken))
            {
                // By index: a foreach over the IList would allocate an enumerator for every update.
                var contents = update.Contents;
                for (var i = 0; i < contents.Count; i++)
                {
                    var content = contents[i];
                    if (content is TextContent { Text: var piece } && !last) // the last round's text is never sent again
                    {
                        (text ??= new StringBuilder()).Append(piece);
                    }
                    else if (content is FunctionCallContent { InformationalOnly: false } call)
                    {
                        (calls ??= []).Add(call);
                    }
                }
                yield return update;
            }
            if (calls is null)
            {
                yield break;
            }

            history ??= [.. messages];
            List<AIContent> asked = text is { Length: > 0 } ? [new TextContent(text.ToString()), .. calls] : [.. calls];
            history.Add(new ChatMessage(ChatRole.Assistant, asked));
            var results = new FunctionResultContent[calls.Count];
            await foreach (var (index, result) in RunRoundAsync(calls, functions, last, cancellationToken))
            {
                results[index] = result;
                yield return new ChatResponseUpdate(ChatRole.Tool, [result]) { CreatedAt = DateTimeOffset.UtcNow };
            }
            history.Add(new ChatMessage(ChatRole.Tool, [.. results]));
            if (last)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// Runs a round's calls at once, as a model that asks for several in one round expects (each
    /// is independent of the others' results), and hands over each result the moment it is there;
    /// results already there are handed over in the order of the calls. A stop cancels every call
    /// still running, and no call outlives the round: leaving early (a stop, or the reader gone)
    /// cancels the rest and waits for them.
    /// </summary>
    private async IAsyncEnumerable<(int Index, FunctionResultContent Result)> RunRoundAsync(List<FunctionCallContent> calls,
        Dictionary<string, AIFunction> functions, bool last, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var round = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = new Task<object?>[calls.Count];
        for (var i = 0; i < calls.Count; i++)
        {
            running[i] = i >= options.Value.MaxCallsPerRound
                ? Task.FromResult<object?>(new ToolFailure(ToolFailure.TooManyCalls))
                : RunAsync(calls[i], functions, last, round.Token);
        }
        var pending = Enumerable.Range(0, calls.Count).ToList();
        try
        {
            while (pending.Count > 0)
            {
                var done = pending.FindIndex(i => running[i].IsCompleted);
                if (done < 0)
                {
                    await Task.WhenAny(pending.Select(i => running[i]));
                    continue;
                }
                var index = pending[done];
                pending.RemoveAt(done);
                yield return (index, new FunctionResultContent(calls[index].CallId, await running[index]));
            }
        }
        finally
        {
            if (pending.Count > 0)
            {
                await round.CancelAsync();
                await Task.WhenAll(pending.Select(i => (Task)running[i])).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task<object?> RunAsync(FunctionCallContent call, Dictionary<string, AIFunction> functions, bool last, CancellationToken cancellationToken)
    {
        // The model's output is untrusted: its names and arguments decide nothing but which of the
        // agent's own tools runs, and are never echoed into the reason.
        if (!functions.TryGetValue(call.Name, out var function))
        {
            logger.LogWarning("The model called a tool the agent does not have");
            return new ToolFailure(ToolFailure.Unknown);
        }
        if (last)
        {
            logger.LogWarning("The model called {Tool} with no tool rounds left", function.Name);
            return new ToolFailure(ToolFailure.NoMoreRounds);
        }
        if (call.Exception is not null)
        {
            logger.LogWarning("The model called {Tool} with arguments that are not JSON", function.Name);
            return new ToolFailure(ToolFailure.UnreadableArguments);
        }
        return await invoker.InvokeAsync(function, call, cancellationToken);
    }

    private static Dictionary<string, AIFunction> Functions(ChatOptions? chatOptions)
    {
        var functions = new Dictionary<string, AIFunction>(StringComparer.Ordinal);
        foreach (var tool in chatOptions?.Tools ?? [])
        {
            if (tool is AIFunction function)
            {
                functions.TryAdd(function.Name, function);
            }
        }
        return functions;
    }

    /// <summary>The last round: the same request without the functions, so the model answers instead of calling.</summary>
    private static ChatOptions? WithoutFunctions(ChatOptions? chatOptions)
    {
        if (chatOptions?.Tools is not { Count: > 0 } tools)
        {
            return chatOptions;
        }
        var others = tools.Where(t => t is not AIFunctionDeclaration).ToList();
        var copy = chatOptions.Clone();
        copy.Tools = others.Count == 0 ? null : others;
        if (copy.Tools is null)
        {
            copy.ToolMode = null;
        }
        return copy;
    }
}
