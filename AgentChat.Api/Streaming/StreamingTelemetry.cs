using System.Diagnostics;
using System.Diagnostics.Metrics;
using AgentChat.Api.Data;

namespace AgentChat.Api.Streaming;

/// <summary>
/// The meter and activity source of the streaming pipeline, and every instrument name, in one
/// place. Shown on the Aspire dashboard under the api resource's Metrics and Traces.
/// </summary>
public sealed class StreamingTelemetry
{
    public const string Name = "AgentChat.Streaming";
    public const string TimeToFirstTokenName = "agentchat.stream.time_to_first_token";
    public const string TimeToFirstOutputName = "agentchat.stream.time_to_first_output";
    public const string Nfr2BreachesName = "agentchat.stream.nfr2_breaches";
    public const string DurationName = "agentchat.stream.duration";
    public const string ChunksName = "agentchat.stream.chunks";
    public const string ChunkLatencyName = "agentchat.stream.chunk_latency";
    public const string OutcomesName = "agentchat.stream.outcomes";
    public const string ActiveName = "agentchat.stream.active";

    public const string StatusTag = "agentchat.stream.status";
    public const string AgentTag = "agentchat.agent.id";
    public const string ModelTag = "gen_ai.request.model";
    public const string MessageTag = "agentchat.message.id";

    public static readonly ActivitySource Source = new(Name);

    // Buckets gather around the 5 s NFR2 budget so the dashboard shows how close answers come to it.
    private static readonly double[] FirstTokenBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 4, 4.5, 5, 5.5, 6, 8, 10, 20, 30];
    private static readonly double[] DurationBuckets = [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600];
    private static readonly double[] ChunkLatencyBuckets = [0.1, 0.25, 0.5, 1, 2, 5, 10, 25, 50, 100, 250, 1000];

    public StreamingTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        TimeToFirstToken = meter.CreateHistogram(TimeToFirstTokenName, "s",
            "From the user's send to the first token of the answer (NFR2: within 5 s).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = FirstTokenBuckets });
        TimeToFirstOutput = meter.CreateHistogram(TimeToFirstOutputName, "s",
            "From the user's send to the first visible output: reasoning, a tool call or answer text (NFR2: within 5 s).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = FirstTokenBuckets });
        Nfr2Breaches = meter.CreateCounter<long>(Nfr2BreachesName, "{stream}",
            "Answers whose first visible output came later than the NFR2 budget, or never.");
        Duration = meter.CreateHistogram(DurationName, "s", "From send to the final chunk.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        Chunks = meter.CreateCounter<long>(ChunksName, "{chunk}", "Chunks broadcast.");
        ChunkLatency = meter.CreateHistogram(ChunkLatencyName, "ms",
            "From a token leaving the model to its chunk being logged and broadcast.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ChunkLatencyBuckets });
        Outcomes = meter.CreateCounter<long>(OutcomesName, "{stream}", "Answers ended, by final status.");
        Active = meter.CreateUpDownCounter<long>(ActiveName, "{stream}", "Answers generating on this replica now.");
    }

    public Histogram<double> TimeToFirstToken { get; }
    public Histogram<double> TimeToFirstOutput { get; }
    public Counter<long> Nfr2Breaches { get; }
    public Histogram<double> Duration { get; }
    public Counter<long> Chunks { get; }
    public Histogram<double> ChunkLatency { get; }
    public Counter<long> Outcomes { get; }
    public UpDownCounter<long> Active { get; }

    /// <summary>An answer ended, by whoever ended it; the same tags on every path.</summary>
    public void RecordOutcome(MessageStatus status, Guid agentId, string? model) =>
        Outcomes.Add(1, new KeyValuePair<string, object?>(StatusTag, status.ToWire()),
            new KeyValuePair<string, object?>(AgentTag, agentId.ToString()), new KeyValuePair<string, object?>(ModelTag, model));

    /// <summary>
    /// What only the generating replica knows about the wait: time to first token and to first
    /// output, and NFR2. Recorded before the answer ends (<see cref="RecordDuration"/> after), so a
    /// reader who saw the final chunk sees these figures too. NFR2 is about the user waiting with
    /// nothing to see, so it counts on the first visible output: a model that thinks for 20 s while
    /// its thinking streams is not a breach.
    /// </summary>
    public void RecordFirstOutput(MessageStatus status, Guid agentId, string? model, TimeSpan? timeToFirstToken, TimeSpan? timeToFirstOutput,
        TimeSpan nfr2Budget)
    {
        var agent = new KeyValuePair<string, object?>(AgentTag, agentId.ToString());
        var modelTag = new KeyValuePair<string, object?>(ModelTag, model);
        if (timeToFirstToken is { } firstToken)
        {
            TimeToFirstToken.Record(firstToken.TotalSeconds, agent, modelTag);
        }
        var firstOutput = timeToFirstOutput ?? timeToFirstToken;
        if (firstOutput is { } output)
        {
            TimeToFirstOutput.Record(output.TotalSeconds, agent, modelTag);
        }
        // A stopped answer that never showed anything was the user's choice, not a breach.
        var breached = firstOutput is { } first ? first > nfr2Budget : status != MessageStatus.Stopped;
        if (breached)
        {
            Nfr2Breaches.Add(1, agent, modelTag);
        }
    }

    /// <summary>From the send to the answer's end, its final write included.</summary>
    public void RecordDuration(MessageStatus status, TimeSpan duration) =>
        Duration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>(StatusTag, status.ToWire()));
}
