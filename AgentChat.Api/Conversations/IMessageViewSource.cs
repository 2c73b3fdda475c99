using AgentChat.Api.Data;
using AgentChat.Contracts;

namespace AgentChat.Api.Conversations;

/// <summary>
/// Turns stored messages into what clients see. A message still streaming has its final content
/// only in the chunk log, so the streaming side supplies the implementation that reads it.
/// </summary>
public interface IMessageViewSource
{
    Task<MessageSnapshot[]> ToViewsAsync(IReadOnlyList<ConversationMessage> messages, CancellationToken ct);
}
