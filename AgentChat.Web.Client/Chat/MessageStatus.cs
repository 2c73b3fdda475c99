namespace AgentChat.Web.Client.Chat;

/// <summary>The wire names of a message's status, as the Api and the hub send them.</summary>
public static class MessageStatus
{
    public const string Streaming = "streaming";
    public const string Complete = "complete";
    public const string Stopped = "stopped";
    public const string Failed = "failed";
    public const string Interrupted = "interrupted";
}
