namespace AgentChat.Contracts;

/// <summary>The wire names of a message's status, as the REST API and the hub send them.</summary>
public static class WireStatus
{
    public const string Streaming = "streaming";
    public const string Complete = "complete";
    public const string Stopped = "stopped";
    public const string Failed = "failed";
    public const string Interrupted = "interrupted";
}
