using AgentChat.Contracts;

namespace AgentChat.Web.Client.Chat;

/// <summary>What the polite live region says when an answer ends: once per answer, never per token.</summary>
public static class Announcements
{
    public static string? WhenEnded(ChatMessage answer) => answer.Status switch
    {
        WireStatus.Complete => "The answer is complete.",
        WireStatus.Stopped => "The answer was stopped.",
        WireStatus.Interrupted => "The answer was interrupted. You can regenerate it.",
        WireStatus.Failed => $"The answer failed: {answer.Error ?? "unknown error"}",
        _ => null
    };
}
