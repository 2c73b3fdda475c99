using AgentChat.Contracts;

namespace AgentChat.Api.Data;

public enum MessageStatus
{
    Streaming,
    Complete,
    Stopped,
    Failed,
    Interrupted
}

public static class WireNames
{
    /// <summary>The lower-case names the REST API and the hub use; one place so both agree.</summary>
    public static string ToWire(this MessageStatus status) => status switch
    {
        MessageStatus.Streaming => WireStatus.Streaming,
        MessageStatus.Complete => WireStatus.Complete,
        MessageStatus.Stopped => WireStatus.Stopped,
        MessageStatus.Failed => WireStatus.Failed,
        MessageStatus.Interrupted => WireStatus.Interrupted,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null)
    };

    public static string ToWire(this MessageRole role) => role switch
    {
        MessageRole.User => "user",
        MessageRole.Assistant => "assistant",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null)
    };
}
