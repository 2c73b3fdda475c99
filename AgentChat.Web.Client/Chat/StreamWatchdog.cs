namespace AgentChat.Web.Client.Chat;

/// <summary>
/// The protocol's rules 4 and 5 (docs/streaming-protocol.md): an answer with a gap that a second
/// has not filled, or one that has been silent for a while although still streaming, is resumed
/// after the last chunk it applied. This catches what a reconnect never would: a Redis outage on
/// the server that dropped a broadcast while this page's connection stayed up.
/// </summary>
public static class StreamWatchdog
{
    public static readonly TimeSpan GapWait = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan SilenceWait = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan CheckEvery = TimeSpan.FromMilliseconds(500);

    /// <summary>The answers to resume now; each is touched, so it waits a full period before the next try.</summary>
    public static IReadOnlyList<ChatMessage> Due(IEnumerable<ChatMessage> messages, DateTimeOffset now)
    {
        var due = new List<ChatMessage>();
        foreach (var message in messages)
        {
            if (!message.IsAssistant || !message.IsStreaming || message.LastActivity == DateTimeOffset.MinValue)
            {
                continue;
            }
            var quiet = now - message.LastActivity;
            if ((message.HasGap && quiet >= GapWait) || quiet >= SilenceWait)
            {
                message.Touch(now);
                due.Add(message);
            }
        }
        return due;
    }
}
