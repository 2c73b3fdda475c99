namespace AgentChat.Web.Client.Chat;

/// <summary>
/// Time to first token and tokens per second of an answer this page watched. Each chunk counts as
/// a token: the Api forwards the model's updates one chunk each.
/// </summary>
public sealed class StreamMetrics
{
    private DateTimeOffset? _firstAt;
    private DateTimeOffset? _lastAt;
    private int _tokens;

    /// <summary>When the question was sent from this page; the first token is timed from it.</summary>
    public DateTimeOffset? AskedAt { get; set; }

    public int? TimeToFirstTokenMs { get; set; }

    public double? TokensPerSecond =>
        _tokens >= 2 && _lastAt > _firstAt ? (_tokens - 1) / (_lastAt.Value - _firstAt!.Value).TotalSeconds : null;

    public void TokenArrived(DateTimeOffset at)
    {
        if (_firstAt is null)
        {
            _firstAt = at;
            if (AskedAt is { } asked)
            {
                TimeToFirstTokenMs = (int)Math.Max(0, (at - asked).TotalMilliseconds);
            }
        }
        _lastAt = at;
        _tokens++;
    }
}
