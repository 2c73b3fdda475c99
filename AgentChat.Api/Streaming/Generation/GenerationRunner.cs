using System.Diagnostics;
using System.Threading.Channels;
using AgentChat.Api.Common;
using AgentChat.Api.Conversations;
using AgentChat.Api.Data;
using AgentChat.Api.Streaming.Ownership;
using Microsoft.Extensions.Options;

namespace AgentChat.Api.Streaming.Generation;

/// <summary>
/// Owns a generation's whole life: creates it from a stored turn, registers it on this replica,
/// sets its time limit, runs it and disposes it. The model loop (<see cref="ModelReader"/>) and
/// the publish loop (<see cref="TokenPublisher"/>) are joined by a bounded channel; the answer
/// ends through <see cref="AnswerCompletion"/>.
/// </summary>
public sealed class GenerationRunner(
    ModelReader model,
    TokenPublisher publisher,
    AnswerCompletion completion,
    GenerationLeases leases,
    GenerationRegistry registry,
    StreamingTelemetry telemetry,
    IOptions<StreamingOptions> options,
    TimeProvider time,
    ILogger<GenerationRunner> logger)
{
    public ActiveGeneration Start(PreparedTurn turn, long requestedAtTimestamp)
    {
        var generation = new ActiveGeneration(turn, requestedAtTimestamp, options.Value.MaxGenerationDuration, time);
        registry.Add(generation);
        // Not the caller's token, not the connection's: the answer outlives both.
        generation.Completion = Task.Run(() => RunAsync(generation), CancellationToken.None);
        return generation;
    }

    private async Task RunAsync(ActiveGeneration generation)
    {
        var turn = generation.Turn;
        using var activity = StreamingTelemetry.Source.StartActivity("generate answer");
        activity?.SetTag(StreamingTelemetry.AgentTag, turn.AgentId);
        activity?.SetTag(StreamingTelemetry.MessageTag, generation.MessageId);
        activity?.SetTag(StreamingTelemetry.ModelTag, turn.Model);
        telemetry.Active.Add(1);
        var leased = Task.CompletedTask;
        try
        {
            // Not awaited before the model starts: the lease only matters to recovery, which waits
            // a lease period before it treats an answer without one as orphaned.
            leased = TryAsync(() => leases.AcquireAsync(generation.MessageId), "acquire the lease");
            var tokens = Channel.CreateBounded<TokenArrival>(new BoundedChannelOptions(options.Value.TokenChannelCapacity)
            {
                SingleReader = true,
                SingleWriter = true,
                FullMode = BoundedChannelFullMode.Wait
            });
            var publishing = publisher.PublishAsync(generation, tokens.Reader);
            var result = await model.ReadAsync(generation, tokens.Writer);
            var lastSequence = await publishing;
            await leased;

            var modelName = result.Model ?? turn.Model;
            telemetry.RecordFirstOutput(result.Status, turn.AgentId, modelName, result.TimeToFirstToken, result.TimeToFirstOutput,
                options.Value.Nfr2Budget);
            var end = new AnswerEnd(result.Content, result.Status, result.Error, lastSequence,
                ToMilliseconds(result.TimeToFirstToken), modelName, result.Details);
            await completion.FinishAsync(generation.Answer, end);
            telemetry.RecordDuration(result.Status, time.GetElapsedTime(generation.RequestedAtTimestamp));
            activity?.SetTag(StreamingTelemetry.StatusTag, result.Status.ToWire());
            activity?.SetStatus(result.Status == MessageStatus.Failed ? ActivityStatusCode.Error : ActivityStatusCode.Ok);
            // After the answer's own figures: the last segment write is no part of its duration.
            await publisher.SealEndAsync(generation, end.FinalChunk(generation.Answer));
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
            await leased.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await TryAsync(() => leases.ReleaseAsync(generation.MessageId), "release the lease");
            generation.Dispose();
        }
    }

    private static int? ToMilliseconds(TimeSpan? value) => value is { } v ? (int)Math.Round(v.TotalMilliseconds) : null;

    /// <summary>Leases are best effort: recovery only acts on a lease missing twice, a lease period apart.</summary>
    private async Task TryAsync(Func<Task> action, string what)
    {
        try
        {
            await action();
        }
        catch (Exception e) when (e.IsRedisFault())
        {
            logger.LogWarning("Could not {What}: {Error}", what, e.GetType().Name);
        }
    }
}
