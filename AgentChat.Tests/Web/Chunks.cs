using AgentChat.Contracts;
using AgentChat.Web.Client.Chat;

namespace AgentChat.Tests.Web;

/// <summary>Chunks of one answer as the hub would send them.</summary>
internal static class Chunks
{
    public static readonly Guid Conversation = Guid.NewGuid();
    public static readonly DateTimeOffset At = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    public static MessageChunk Text(Guid messageId, long sequence, string text) =>
        new(messageId, Conversation, Guid.Empty, sequence, text, false, WireStatus.Streaming);

    public static MessageChunk Last(Guid messageId, long sequence, string status, string text = "") =>
        new(messageId, Conversation, Guid.Empty, sequence, text, true, status);
}
