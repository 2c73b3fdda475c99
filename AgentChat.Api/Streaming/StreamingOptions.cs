using System.ComponentModel.DataAnnotations;
using AgentChat.Api.Common;

namespace AgentChat.Api.Streaming;

/// <summary>Configuration section <c>Streaming</c>. Defaults are written here once.</summary>
public sealed class StreamingOptions : IValidatableObject
{
    public const string SectionName = "Streaming";

    /// <summary>Longest message a user may send, in characters.</summary>
    [Range(1, 1_000_000)]
    public int MaxContentLength { get; set; } = 16_000;

    /// <summary>Answers one user may have generating at once, across all replicas.</summary>
    [Range(1, 1000)]
    public int MaxActiveGenerationsPerUser { get; set; } = 3;

    /// <summary>How long a finished message's chunk log stays resumable.</summary>
    [TimeSpanRange("00:00:01", "7.00:00:00")]
    public TimeSpan ResumeRetention { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How many earlier messages of the conversation go to the model with each new question.</summary>
    [Range(0, 10_000)]
    public int HistoryMessages { get; set; } = 40;

    /// <summary>Chunks read from the log and sent per batch when a client resumes.</summary>
    [Range(1, 10_000)]
    public int ReplayBatchSize { get; set; } = 256;

    /// <summary>
    /// Chunks in the first batch of a batched resume (at most <see cref="ReplayBatchSize"/>): a small
    /// one reaches the client sooner, so the answer starts to show before the rest is read and sent.
    /// </summary>
    [Range(1, 10_000)]
    public int ReplayFirstBatchSize { get; set; } = 32;

    /// <summary>
    /// Chunks per sealed segment of the log: the answer's owner also writes each run of this many
    /// chunks (the first run only <see cref="ReplayFirstBatchSize"/>, and the rest with the final
    /// chunk at the end) as one value in the compact batch form, so a resume from the start (a
    /// reload, a second tab) reads a long answer as a few values instead of one log entry per
    /// chunk (<see cref="Chunks.LogSegment"/>).
    /// </summary>
    [Range(1, 100_000)]
    public int LogSegmentChunks { get; set; } = 256;

    /// <summary>NFR2: a first token later than this (or none at all) counts as a breach.</summary>
    [TimeSpanRange("00:00:00.001", "01:00:00")]
    public TimeSpan Nfr2Budget { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A generation whose owner has not renewed its lease for this long is taken as dead.</summary>
    [TimeSpanRange("00:00:01", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often an owner renews the leases of its generations.</summary>
    [TimeSpanRange("00:00:00.100", "00:10:00")]
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often each replica looks for generations whose owner died.</summary>
    [TimeSpanRange("00:00:00.100", "01:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long an owner must look gone (on two sweeps this far apart) before its answers are
    /// interrupted: longer than a replica takes to resubscribe after a Redis restart.
    /// </summary>
    [TimeSpanRange("00:00:00", "01:00:00")]
    public TimeSpan OwnerDeathConfirmation { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long deleting a conversation waits for its answers to stop before it gives up (nothing deleted).</summary>
    [TimeSpanRange("00:00:00.100", "00:10:00")]
    public TimeSpan StopOnDeleteTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Origins besides the app's own whose pages may open the hub with the user's cookie
    /// (e.g. <c>https://chat.example.com</c>). Bearer-token connections are not limited.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>Longest a single answer may generate before it is stopped as failed.</summary>
    [TimeSpanRange("00:00:01", "1.00:00:00")]
    public TimeSpan MaxGenerationDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Tokens the model may run ahead of the publisher before it waits (the channel between them).</summary>
    [Range(16, 1_000_000)]
    public int TokenChannelCapacity { get; set; } = 8192;

    /// <summary>Tokens that queued up while a chunk was being published are merged into one chunk of at most this many characters.</summary>
    [Range(1, 1_000_000)]
    public int MaxChunkChars { get; set; } = 4096;

    /// <summary>
    /// After a chunk goes out, tokens arriving within this window are merged into the next one
    /// (about a display frame: a fast model's 400 tokens a second become some 60 messages). The
    /// first chunk never waits. Zero sends every token as soon as the publisher is free.
    /// </summary>
    [TimeSpanRange("00:00:00", "00:00:01")]
    public TimeSpan ChunkMergeWindow { get; set; } = TimeSpan.FromMilliseconds(16);

    /// <summary>
    /// Most chunks one write to the log carries. Chunks of all answers on this replica share a
    /// write: one goes at once when none is in flight, and those published while one is in flight
    /// go together in the next (a group commit; <see cref="Chunks.GroupCommit{T}"/>). The bound
    /// keeps each write short, since Redis serves nobody else while it runs. With one write in
    /// flight, it also bounds the replica's chunk rate to this many per round trip: at 1 the
    /// bench's 200 streams (6,700 chunks a second) fell behind and merged tokens, hence the floor.
    /// </summary>
    [Range(8, 1024)]
    public int MaxChunksPerLogWrite { get; set; } = 64;

    /// <summary>Orphaned answers one recovery sweep looks at, oldest first.</summary>
    [Range(1, 100_000)]
    public int RecoveryBatchSize { get; set; } = 200;

    /// <summary>How long one replica's claim to finish an orphaned answer holds; it lapses if that replica dies too.</summary>
    [TimeSpanRange("00:00:01", "01:00:00")]
    public TimeSpan RecoveryClaimDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first wait before a chunk's log write is tried again while Redis is away; it doubles each time.</summary>
    [TimeSpanRange("00:00:00.001", "00:01:00")]
    public TimeSpan ChunkLogRetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait between two tries of a chunk's log write.</summary>
    [TimeSpanRange("00:00:00.001", "00:10:00")]
    public TimeSpan ChunkLogRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a chunk's log write is retried before it is given up (the answer itself is kept in memory).</summary>
    [TimeSpanRange("00:00:01", "01:00:00")]
    public TimeSpan ChunkLogGiveUpAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Tries of the final PostgreSQL write of an answer.</summary>
    [Range(1, 100)]
    public int FinalWriteAttempts { get; set; } = 5;

    /// <summary>
    /// How long the final write may take, all tries together. Past it the final chunk goes out
    /// anyway and recovery stores the logged end once PostgreSQL answers again.
    /// </summary>
    [TimeSpanRange("00:00:00.100", "00:10:00")]
    public TimeSpan FinalWriteTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The wait before the second try of the final write; each later try waits this much longer.</summary>
    [TimeSpanRange("00:00:00.001", "00:01:00")]
    public TimeSpan FinalWriteRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Bench only: skip the Redis chunk log and broadcast straight to SignalR, to price the log.</summary>
    public bool ChunkLogEnabled { get; set; } = true;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (LeaseDuration < 2 * LeaseRenewInterval)
        {
            yield return new ValidationResult("Streaming:LeaseDuration must be at least twice Streaming:LeaseRenewInterval.", [nameof(LeaseDuration)]);
        }
        foreach (var origin in AllowedOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.PathAndQuery != "/")
            {
                yield return new ValidationResult($"Streaming:AllowedOrigins has '{origin}', which is not an origin like https://chat.example.com.", [nameof(AllowedOrigins)]);
            }
        }
    }
}
