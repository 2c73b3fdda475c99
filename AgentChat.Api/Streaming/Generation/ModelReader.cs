using System.Threading.Channels;
using AgentChat.Api.Agents.Tools;
using AgentChat.Api.Data;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace AgentChat.Api.Streaming.Generation;

/// <summary>
/// The model side of a generation: streams the answer from the <see cref="IChatClient"/> into the
/// token channel: text, reasoning, tool calls (run by the client's tool loop with the
/// agent's tools) and usage (<see cref="AnswerParts"/>, which also makes the model's text storable).
/// It never waits on Redis or SignalR, and a stop cancels the model's request and any tool running.
/// </summary>
public sealed class ModelReader(IChatClient chatClient, AgentToolbox toolbox, IOptions<ToolsOptions> tools, TimeProvider time,
    ILogger<ModelReader> logger)
{
    public async Task<ModelResult> ReadAsync(ActiveGeneration generation, ChannelWriter<TokenArrival> tokens)
    {
        var parts = new AnswerParts(generation.RequestedAtTimestamp, time, tools.Value.MaxResultChars);
        string? model = null;
        try
        {
            var chatOptions = new ChatOptions
            {
                ModelId = generation.Turn.Model,
                Tools = await toolbox.ToolsForAsync(generation.Turn, generation.Token)
            };
            var arrivals = new List<TokenArrival>(1);
            await foreach (var update in chatClient.GetStreamingResponseAsync(generation.Turn.Prompt, chatOptions, generation.Token))
            {
                model ??= update.ModelId;
                arrivals.Clear();
                parts.Add(update, time.GetTimestamp(), arrivals);
                foreach (var arrival in arrivals)
                {
                    await tokens.WriteAsync(arrival, CancellationToken.None);
                }
            }
            return parts.Result(MessageStatus.Complete, null, model);
        }
        catch (OperationCanceledException) when (generation.Token.IsCancellationRequested)
        {
            var (status, error) = generation.Reason switch
            {
                StopReason.UserStop => (MessageStatus.Stopped, (string?)null),
                StopReason.Timeout => (MessageStatus.Failed, SafeErrors.TooLong),
                _ => (MessageStatus.Interrupted, null)
            };
            return await EndAsync(parts, tokens, status, error, model);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The model failed while answering {MessageId}", generation.MessageId);
            return await EndAsync(parts, tokens, MessageStatus.Failed, SafeErrors.Describe(e), model);
        }
        finally
        {
            tokens.Complete();
            generation.EndModel();
        }
    }

    /// <summary>A tool still running when the answer ends is reported ended, so no card spins forever.</summary>
    private async Task<ModelResult> EndAsync(AnswerParts parts, ChannelWriter<TokenArrival> tokens, MessageStatus status, string? error, string? model)
    {
        foreach (var arrival in parts.EndRunningTools(time.GetTimestamp()))
        {
            await tokens.WriteAsync(arrival, CancellationToken.None);
        }
        return parts.Result(status, error, model);
    }
}
