namespace AgentChat.Bench;

/// <summary>
/// How big each scenario is. <see cref="Full"/> finishes in a few minutes on 2 cores;
/// <see cref="Smoke"/> runs every scenario tiny so CI exercises the bench in well under a minute.
/// Any of these can be set from the command line as <c>--Sizes:Name=value</c>.
/// </summary>
public sealed class BenchSizes
{
    // TTFT: one user sending one message at a time.
    public int TtftWarmupSends { get; set; } = 30;
    public int TtftSends { get; set; } = 500;
    public int TtftSendsPerConversation { get; set; } = 25;
    public int TtftResponseTokens { get; set; } = 10;
    public double TtftTokensPerSecond { get; set; } = 1000;

    // Concurrency ladder and checkpoint cost: each stream StreamTokens at TokensPerSecond.
    public string LadderSteps { get; set; } = "50,200,500,1000";
    public int StreamTokens { get; set; } = 200;
    public double TokensPerSecond { get; set; } = 40;
    /// <summary>Sends of a step spread over this long, as people do not all press send in the same millisecond.</summary>
    public double RampSeconds { get; set; } = 1;
    /// <summary>Between steps: lets the last answers' final database writes land and the CPU settle.</summary>
    public double CoolDownSeconds { get; set; } = 2;
    /// <summary>Within the Api's default Streaming:MaxActiveGenerationsPerUser (3).</summary>
    public int StreamsPerUser { get; set; } = 3;
    /// <summary>
    /// Whether each tab joins its conversation before the step, as the browser client does when a
    /// conversation opens (on by default: that is the product's own flow). Off measures the cold
    /// case, where a tab's first send also puts the server in the conversation's viewer set in Redis
    /// (AgentChat.Api/Streaming/Delivery/LiveViewers.cs) before the answer starts.
    /// </summary>
    public bool JoinBeforeSend { get; set; } = true;
    /// <summary>
    /// With <see cref="JoinBeforeSend"/>, every n-th tab still does not join before its first send
    /// (0: every tab joins), so each step's first use of a tab includes cold joins, as the issue 11
    /// goal asks; their time to first chunk is shown on its own.
    /// </summary>
    public int ColdTabEvery { get; set; } = 10;
    /// <summary>
    /// A step below this machine's saturation: there both runs deliver every token as its own chunk,
    /// so CPU per chunk compares like with like (at saturation the publish loop merges tokens).
    /// </summary>
    public int CheckpointStreams { get; set; } = 200;
    /// <summary>
    /// A first, unmeasured step on each fresh server, so JIT (tiered compilation reaches its final
    /// code only after many calls), pools and caches are not billed to a step. As big as the usual
    /// measured step: a 50-stream warm-up left the first measured step's CPU about 30% higher.
    /// </summary>
    public int WarmupStreams { get; set; } = 200;

    // Peer: AgentChat and the Node resumable-stream server side by side at these steps.
    public string PeerSteps { get; set; } = "200,500";

    // Fast models: FastStreams answers at each of these paces (tokens/s).
    public string FastRates { get; set; } = "200,400";
    public int FastStreams { get; set; } = 100;

    // Resume: messages with ResumeTokens chunks, each replayed from the start several times.
    public int ResumeTokens { get; set; } = 2000;
    /// <summary>
    /// Slow enough that the publish loop never merges two tokens (the scenario also turns the merge
    /// window off), so every token is its own logged chunk.
    /// </summary>
    public double ResumeTokensPerSecond { get; set; } = 100;
    public int ResumeMessages { get; set; } = 3;
    public int Resumes { get; set; } = 300;
    /// <summary>
    /// Resumes before the measured ones, reported apart: the server's (and the bench client's)
    /// code for a resume is new to a server that has only streamed, and the runtime compiles and
    /// then optimises it over the first 200 or so, its compiler thread on the same two cores
    /// (first chunk median 5-6 ms in that phase, 1-1.5 ms after; with tiered compilation off, no
    /// such phase). The target is taken on the steady state after it, as a long-running server has.
    /// </summary>
    public int ResumeWarmups { get; set; } = 300;

    // Stop: one answer at a time, stopped after its first chunk.
    public int StopSamples { get; set; } = 300;

    // Soak (only with --soak <minutes>): SoakStreams answers always generating, resources sampled as it runs.
    /// <summary>How long the soak's load runs; 0 leaves the soak out.</summary>
    public double SoakMinutes { get; set; }
    public int SoakStreams { get; set; } = 200;
    public double SoakSampleSeconds { get; set; } = 60;
    /// <summary>Samples before this are shown but not fitted: pools, JIT and the GC's budgets settle first.</summary>
    public double SoakWarmupMinutes { get; set; } = 2;

    public int[] LadderStepList => LadderSteps.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(int.Parse).ToArray();

    public int[] PeerStepList => PeerSteps.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(int.Parse).ToArray();

    public double[] FastRateList => FastRates.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(r => double.Parse(r, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    public static BenchSizes Full() => new();

    public static BenchSizes Smoke() => new()
    {
        TtftWarmupSends = 3,
        TtftSends = 20,
        TtftSendsPerConversation = 10,
        LadderSteps = "5,10",
        StreamTokens = 60,
        TokensPerSecond = 100,
        RampSeconds = 0.1,
        CoolDownSeconds = 0.5,
        CheckpointStreams = 10,
        WarmupStreams = 0,
        ResumeTokens = 100,
        ResumeMessages = 2,
        Resumes = 4,
        ResumeWarmups = 1,
        StopSamples = 5,
        ColdTabEvery = 2,
        PeerSteps = "5",
        FastRates = "400",
        FastStreams = 5,
        SoakStreams = 10,
        SoakSampleSeconds = 5,
        SoakWarmupMinutes = 5 / 60.0
    };
}
