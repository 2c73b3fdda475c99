using System.Diagnostics;
using AgentChat.Api.Common;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace AgentChat.Api.Agents.Tools;

/// <summary>
/// Runs every tool call of the tool loop (<see cref="AgentToolLoop"/>): with a time limit
/// (<see cref="ToolsOptions.CallTimeout"/>), measured (an <c>execute_tool</c> span and the
/// <see cref="AgentsTelemetry"/> instruments), and with its result bounded. A tool that fails or
/// times out returns a <see cref="ToolFailure"/> the model reads and answers around; only a stop of
/// the whole answer cancels through.
/// </summary>
public sealed class ToolInvoker(IOptions<ToolsOptions> options, AgentsTelemetry telemetry, TimeProvider time, ILogger<ToolInvoker> logger)
{
    /// <summary>How long a cancelled tool (a stop, or its time limit) gets to let go before the call ends without it.</summary>
    public static readonly TimeSpan LetGoTime = TimeSpan.FromMilliseconds(500);

    public async ValueTask<object?> InvokeAsync(AIFunction function, FunctionCallContent call, CancellationToken cancellationToken)
    {
        var name = function.Name;
        using var activity = AgentsTelemetry.Source.StartActivity($"execute_tool {name}", ActivityKind.Internal);
        activity?.SetTag("gen_ai.operation.name", "execute_tool");
        activity?.SetTag(AgentsTelemetry.ToolTag, name);
        activity?.SetTag("gen_ai.tool.call.id", call.CallId);
        activity?.SetTag("gen_ai.tool.type", "function");
        var limit = options.Value.CallTimeout;
        var started = time.GetTimestamp();
        using var timeout = new CancellationTokenSource(limit, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var result = await UntilCancelledAsync(function.InvokeAsync(new AIFunctionArguments(call.Arguments), linked.Token).AsTask(),
                linked.Token);
            if (ToolText.IsMcpError(result))
            {
                telemetry.RecordCall(name, AgentsTelemetry.Failed, time.GetElapsedTime(started));
                activity?.SetStatus(ActivityStatusCode.Error, "the tool reported an error");
                return new ToolFailure(ToolText.Describe(result, options.Value.MaxResultChars));
            }
            telemetry.RecordCall(name, AgentsTelemetry.Completed, time.GetElapsedTime(started));
            return ToolText.Describe(result, options.Value.MaxResultChars);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            telemetry.RecordCall(name, AgentsTelemetry.Cancelled, time.GetElapsedTime(started));
            throw;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            logger.LogWarning("Tool {Tool} did not answer within {Limit}", name, limit);
            telemetry.RecordCall(name, AgentsTelemetry.TimedOut, time.GetElapsedTime(started));
            activity?.SetStatus(ActivityStatusCode.Error, AgentsTelemetry.TimedOut);
            return new ToolFailure(ToolFailure.TimedOut(limit));
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Tool {Tool} failed", name);
            telemetry.RecordCall(name, AgentsTelemetry.Failed, time.GetElapsedTime(started));
            activity?.SetTag("error.type", e.GetType().FullName);
            activity?.SetStatus(ActivityStatusCode.Error);
            // The calculator's own messages are safe and help the model fix its expression.
            return new ToolFailure(e is FormatException ? ToolText.Bound(e.Message, 300) : ToolFailure.Generic);
        }
    }

    /// <summary>
    /// The tool's result, or, once <paramref name="cancellation"/> fires, an
    /// <see cref="OperationCanceledException"/> after the tool let go or <see cref="LetGoTime"/>
    /// passed, whichever is first: a tool that honours its token ends with the call, and one that
    /// ignores it cannot keep the answer from ending (what it still does is left to finish, unobserved).
    /// </summary>
    private static async Task<object?> UntilCancelledAsync(Task<object?> invocation, CancellationToken cancellation)
    {
        try
        {
            return await invocation.WaitAsync(cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested && !invocation.IsCompleted)
        {
            invocation.Abandon();
            await ((Task)invocation).WaitAsync(LetGoTime).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }
    }
}
