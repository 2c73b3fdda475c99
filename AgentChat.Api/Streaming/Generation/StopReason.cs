namespace AgentChat.Api.Streaming.Generation;

/// <summary>Why a generation was cancelled; the first reason wins.</summary>
public enum StopReason
{
    None,
    UserStop,
    Shutdown,
    Timeout
}
