using System.Text;
using System.Threading.Channels;
using AgentChat.Api.Common;
using AgentChat.Api.Data;
using Microsoft.Extensions.AI;

namespace AgentChat.Api.Streaming.Generation;

/// <summary>
/// The model side of a generation: streams the answer from the <see cref="IChatClient"/> into the
/// token channel. It never waits on Redis or SignalR, and a stop cancels the model's request.
/// Model output is untrusted: what PostgreSQL cannot store (<see cref="StorableText"/>) never
/// reaches a chunk, the log or a client.
/// </summary>
public sealed class ModelReader(IChatClient chatClient, TimeProvider time, ILogger<ModelReader> logger)
{
    public async Task<ModelResult> ReadAsync(ActiveGeneration generation, ChannelWriter<TokenArrival> tokens)
    {
        var content = new StringBuilder();
        var storable = new StorableText();
        TimeSpan? firstToken = null;
        string? model = null;
        MessageStatus status;
        string? error = null;
        try
        {
            var chatOptions = new ChatOptions { ModelId = generation.Turn.Model };
            await foreach (var update in chatClient.GetStreamingResponseAsync(generation.Turn.Prompt, chatOptions, generation.Token))
            {
                model ??= update.ModelId;
                var text = storable.Next(update.Text);
                if (text.Length == 0)
                {
                    continue;
                }
                var now = time.GetTimestamp();
                firstToken ??= time.GetElapsedTime(generation.RequestedAtTimestamp, now);
                content.Append(text);
                await tokens.WriteAsync(new TokenArrival(text, now), CancellationToken.None);
            }
            status = MessageStatus.Complete;
        }
        catch (OperationCanceledException) when (generation.Token.IsCancellationRequested)
        {
            (status, error) = generation.Reason switch
            {
                StopReason.UserStop => (MessageStatus.Stopped, (string?)null),
                StopReason.Timeout => (MessageStatus.Failed, SafeErrors.TooLong),
                _ => (MessageStatus.Interrupted, null)
            };
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The model failed while answering {MessageId}", generation.MessageId);
            (status, error) = (MessageStatus.Failed, SafeErrors.Describe(e));
        }

        var rest = storable.Flush();
        if (rest.Length > 0)
        {
            content.Append(rest);
            await tokens.WriteAsync(new TokenArrival(rest, time.GetTimestamp()), CancellationToken.None);
        }
        tokens.Complete();
        return new ModelResult(content.ToString(), status, error, firstToken, model);
    }
}
