namespace AgentChat.Bench.Scenarios;

/// <summary>
/// What one step asks of a server: <paramref name="Streams"/> answers of <paramref name="TokensPerAnswer"/>
/// tokens at <paramref name="TokensPerSecond"/>, the sends spread over <paramref name="RampSeconds"/>.
/// </summary>
public sealed record StepPlan(int Streams, int TokensPerAnswer, double TokensPerSecond, double RampSeconds, string Question)
{
    /// <summary>The provider's own duration: first token at once, one token every 1 / rate after.</summary>
    public double ProviderSeconds => TokensPerAnswer / TokensPerSecond;

    public double ProviderAfterFirstTokenSeconds => (TokensPerAnswer - 1) / TokensPerSecond;

    public long TotalTokens => (long)Streams * TokensPerAnswer;
}
