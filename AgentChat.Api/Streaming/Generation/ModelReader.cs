using System.Text;
using System.Threading.Channels;
using AgentChat.Api.Data;
using Microsoft.Extensions.AI;

namespace AgentChat.Api.Streaming.Generation;

/// <summary>
/// The model side of a generation: streams the answer from the <see cref="IChatClient"/> into the
/// token channel. It never waits on Redis or SignalR, and a stop cancels the model's request.
/// </summary>
public sealed class ModelReader(IChatClient chatClient, TimeProvider time, ILogger<ModelReader> logger)
{
    public async Task<ModelResult> ReadAsync(ActiveGeneration generation, ChannelWriter<TokenArrival> tokens)
    {
        var content = new StringBuilder();
        TimeSpan? firstToken = null;
        string? model = null;
        var chatOptions = new ChatOptions { ModelId = generation.Turn.Model };
        try
        {
            await foreach (var update in chatClient.GetStreamingResponseAsync(generation.Turn.Prompt, chatOptions, generation.Token))
            {
                model ??= update.ModelId;
                var text = update.Text;
                if (string.IsNullOrEmpty(text))
                {
                    continue;
                }
                var now = time.GetTimestamp();
                firstToken ??= time.GetElapsedTime(generation.RequestedAtTimestamp, now);
                content.Append(text);
                await tokens.WriteAsync(new TokenArrival(text, now), CancellationToken.None);
            }
            return new ModelResult(content.ToString(), MessageStatus.Complete, null, firstToken, model);
        }
        catch (OperationCanceledException) when (generation.Token.IsCancellationRequested)
        {
            var (status, error) = generation.Reason switch
            {
                StopReason.UserStop => (MessageStatus.Stopped, (string?)null),
                StopReason.Timeout => (MessageStatus.Failed, SafeErrors.TooLong),
                _ => (MessageStatus.Interrupted, null)
            };
            return new ModelResult(content.ToString(), status, error, firstToken, model);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The model failed while answering {MessageId}", generation.MessageId);
            return new ModelResult(content.ToString(), MessageStatus.Failed, SafeErrors.Describe(e), firstToken, model);
        }
        finally
        {
            tokens.Complete();
        }
    }
}
