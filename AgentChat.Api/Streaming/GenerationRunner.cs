using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using AgentChat.Api.Data;
using AgentChat.Contracts;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace AgentChat.Api.Streaming;

/// <summary>
/// Runs one answer from the model to its final chunk. Two loops joined by a bounded channel:
/// the model loop only reads tokens and never waits on Redis or SignalR; the publish loop
/// numbers, logs and broadcasts them, merging tokens that queued up meanwhile into one chunk.
/// </summary>
public sealed class GenerationRunner(
    IChatClient chatClient,
    ChunkPublisher publisher,
    MessageStore store,
    GenerationLeases leases,
    GenerationRegistry registry,
    StreamingTelemetry telemetry,
    IOptions<StreamingOptions> options,
    TimeProvider time,
    ILogger<GenerationRunner> logger)
{
    private const int MaxChunkChars = 4096;

    public Task Start(GenerationRequest request)
    {
        var generation = request.Generation;
        registry.Add(generation);
        generation.StopAfter(options.Value.MaxGenerationDuration, time);
        // Not the caller's token, not the connection's: the answer outlives both.
        generation.Completion = Task.Run(() => RunAsync(request), CancellationToken.None);
        return generation.Completion;
    }

    private async Task RunAsync(GenerationRequest request)
    {
        var generation = request.Generation;
        using var activity = StreamingTelemetry.Source.StartActivity("generate answer");
        activity?.SetTag(StreamingTelemetry.AgentTag, generation.AgentId);
        activity?.SetTag(StreamingTelemetry.MessageTag, generation.MessageId);
        activity?.SetTag(StreamingTelemetry.ModelTag, request.Model);
        telemetry.Active.Add(1);
        try
        {
            await TryAsync(() => leases.AcquireAsync(generation.MessageId), "acquire the lease");
            var tokens = Channel.CreateBounded<TokenArrival>(new BoundedChannelOptions(8192)
            {
                SingleReader = true,
                SingleWriter = true,
                FullMode = BoundedChannelFullMode.Wait
            });
            var publishing = PublishTokensAsync(generation, tokens.Reader);
            var result = await ReadModelAsync(request, tokens.Writer);
            var lastSequence = await publishing;

            // PostgreSQL first: a client that sees the final chunk may send its next question at
            // once, and that turn's history (and the per-user limit) must already see this one ended.
            var status = result.Status.ToWire();
            await store.CompleteAsync(generation.MessageId, new MessageStore.Outcome(result.Content, result.Status, result.Error,
                time.GetUtcNow(), ToMilliseconds(result.TimeToFirstToken), result.Model ?? request.Model));
            await publisher.PublishAsync(new MessageChunk(generation.MessageId, generation.ConversationId, generation.AgentId,
                lastSequence + 1, result.Error ?? "", IsComplete: true, status));

            RecordOutcome(request, result, status);
            activity?.SetTag(StreamingTelemetry.StatusTag, status);
            activity?.SetStatus(result.Status == MessageStatus.Failed ? ActivityStatusCode.Error : ActivityStatusCode.Ok);
        }
        catch (Exception e)
        {
            // Only infrastructure failures land here; the recovery sweep finishes the message.
            logger.LogError(e, "Generation of {MessageId} could not finish; recovery will mark it interrupted", generation.MessageId);
            activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
        }
        finally
        {
            telemetry.Active.Add(-1);
            registry.Remove(generation);
            await TryAsync(() => leases.ReleaseAsync(generation.MessageId), "release the lease");
            generation.Dispose();
        }
    }

    private sealed record ModelResult(string Content, MessageStatus Status, string? Error, TimeSpan? TimeToFirstToken, string? Model);

    private readonly record struct TokenArrival(string Text, long Timestamp);

    private async Task<ModelResult> ReadModelAsync(GenerationRequest request, ChannelWriter<TokenArrival> tokens)
    {
        var generation = request.Generation;
        var content = new StringBuilder();
        TimeSpan? firstToken = null;
        string? model = null;
        var chatOptions = new ChatOptions { ModelId = request.Model };
        try
        {
            await foreach (var update in chatClient.GetStreamingResponseAsync(request.Prompt, chatOptions, generation.Token))
            {
                model ??= update.ModelId;
                var text = update.Text;
                if (string.IsNullOrEmpty(text))
                {
                    continue;
                }
                var now = time.GetTimestamp();
                firstToken ??= time.GetElapsedTime(request.RequestedAtTimestamp, now);
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

    /// <summary>Numbers chunks 1, 2, 3 …; returns the last sequence used.</summary>
    private async Task<long> PublishTokensAsync(ActiveGeneration generation, ChannelReader<TokenArrival> tokens)
    {
        long sequence = 0;
        var text = new StringBuilder();
        while (await tokens.WaitToReadAsync())
        {
            text.Clear();
            long oldest = 0;
            while (text.Length < MaxChunkChars && tokens.TryRead(out var token))
            {
                if (oldest == 0)
                {
                    oldest = token.Timestamp;
                }
                text.Append(token.Text);
            }
            if (text.Length == 0)
            {
                continue;
            }
            sequence++;
            await publisher.PublishAsync(new MessageChunk(generation.MessageId, generation.ConversationId, generation.AgentId,
                sequence, text.ToString(), IsComplete: false, MessageStatus.Streaming.ToWire()));
            telemetry.ChunkLatency.Record(time.GetElapsedTime(oldest).TotalMilliseconds);
        }
        return sequence;
    }

    private void RecordOutcome(GenerationRequest request, ModelResult result, string status)
    {
        var agent = new KeyValuePair<string, object?>(StreamingTelemetry.AgentTag, request.Generation.AgentId.ToString());
        var model = new KeyValuePair<string, object?>(StreamingTelemetry.ModelTag, result.Model ?? request.Model);
        telemetry.Outcomes.Add(1, new KeyValuePair<string, object?>(StreamingTelemetry.StatusTag, status), agent);
        telemetry.Duration.Record(time.GetElapsedTime(request.RequestedAtTimestamp).TotalSeconds,
            new KeyValuePair<string, object?>(StreamingTelemetry.StatusTag, status));
        if (result.TimeToFirstToken is { } firstToken)
        {
            telemetry.TimeToFirstToken.Record(firstToken.TotalSeconds, agent, model);
        }
        // A stopped answer that never produced a token was the user's choice, not a breach.
        var breached = result.TimeToFirstToken is { } ttft
            ? ttft > options.Value.Nfr2Budget
            : result.Status != MessageStatus.Stopped;
        if (breached)
        {
            telemetry.Nfr2Breaches.Add(1, agent, model);
        }
    }

    private static int? ToMilliseconds(TimeSpan? value) => value is { } v ? (int)Math.Round(v.TotalMilliseconds) : null;

    private async Task TryAsync(Func<Task> action, string what)
    {
        try
        {
            await action();
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
        {
            logger.LogWarning("Could not {What}: {Error}", what, e.GetType().Name);
        }
    }
}
