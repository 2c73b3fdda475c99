using AgentChat.Api.Data;
using AgentChat.Contracts;

namespace AgentChat.Api.Conversations;

/// <summary>Shows messages exactly as PostgreSQL holds them.</summary>
public sealed class StoredMessageViewSource : IMessageViewSource
{
    public Task<MessageSnapshot[]> ToViewsAsync(IReadOnlyList<ConversationMessage> messages, CancellationToken ct) =>
        Task.FromResult(messages.Select(m => ToView(m, m.Content, lastSequence: 0)).ToArray());

    public static MessageSnapshot ToView(ConversationMessage m, string content, long lastSequence) => new(
        m.Id, m.Role.ToWire(), m.AgentId, content, m.Status.ToWire(), m.CreatedAt, m.CompletedAt,
        m.TimeToFirstTokenMs, m.Model, m.Error, lastSequence);
}
