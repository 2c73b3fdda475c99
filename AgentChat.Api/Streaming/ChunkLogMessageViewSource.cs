using AgentChat.Api.Conversations;
using AgentChat.Api.Data;
using AgentChat.Contracts;

namespace AgentChat.Api.Streaming;

/// <summary>
/// REST view of messages: an answer still streaming shows its text so far from the chunk log and
/// the sequence that text ends with, so a reloaded page draws it at once and resumes after it.
/// </summary>
public sealed class ChunkLogMessageViewSource(ChunkLog log) : IMessageViewSource
{
    public async Task<MessageSnapshot[]> ToViewsAsync(IReadOnlyList<ConversationMessage> messages, CancellationToken ct)
    {
        var views = new MessageSnapshot[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            views[i] = message.Status == MessageStatus.Streaming
                ? await StreamingViewAsync(message, ct)
                : StoredMessageViewSource.ToView(message, message.Content, lastSequence: 0);
        }
        return views;
    }

    private async Task<MessageSnapshot> StreamingViewAsync(ConversationMessage message, CancellationToken ct)
    {
        var logged = await log.ReadAllAsync(message.Id, ct);
        if (logged is null)
        {
            return StoredMessageViewSource.ToView(message, "", lastSequence: 0);
        }
        var view = StoredMessageViewSource.ToView(message, logged.Content, logged.LastSequence);
        // Ended in the log a moment before PostgreSQL was told: show the end, or the client would wait for it.
        return logged.FinalStatus is { } final
            ? view with { Status = final, Error = final == MessageStatus.Failed.ToWire() ? logged.FinalText : null }
            : view;
    }
}
