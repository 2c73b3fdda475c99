using AgentChat.Api.Data;
using AgentChat.Api.Streaming.Chunks;
using AgentChat.Contracts;

namespace AgentChat.Api.Conversations;

/// <summary>
/// What clients see of stored messages. An answer still streaming has its text only in the chunk
/// log, so it shows the text so far and the sequence that text ends with: a reloaded page draws
/// it at once and resumes right after it.
/// </summary>
public sealed class MessageViews(ChunkLog log)
{
    public async Task<MessageSnapshot[]> ToViewsAsync(IReadOnlyList<ConversationMessage> messages, CancellationToken ct)
    {
        var views = new MessageSnapshot[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            views[i] = message.Status == MessageStatus.Streaming
                ? await StreamingViewAsync(message, ct)
                : ToView(message, message.Content, lastSequence: 0);
        }
        return views;
    }

    private async Task<MessageSnapshot> StreamingViewAsync(ConversationMessage message, CancellationToken ct)
    {
        var logged = await log.ReadAllAsync(message.Id, ct);
        if (logged is null || !logged.Whole)
        {
            // Nothing logged yet, or a log that lost its head: show no text rather than a fragment;
            // the client resumes from the start once the owner has restored the log.
            return ToView(message, "", lastSequence: 0);
        }
        var view = ToView(message, logged.Content, logged.LastSequence) with
        {
            Reasoning = logged.Reasoning.Length == 0 ? null : logged.Reasoning,
            ToolCalls = logged.ToolCalls,
            Usage = logged.Usage
        };
        // Ended in the log a moment before PostgreSQL was told: show the end, or the client would wait for it.
        return logged.FinalStatus is { } final
            ? view with { Status = final, Error = final == MessageStatus.Failed.ToWire() ? logged.FinalText : null }
            : view;
    }

    private static MessageSnapshot ToView(ConversationMessage m, string content, long lastSequence) => new(
        m.Id, m.Role.ToWire(), m.AgentId, content, m.Status.ToWire(), m.CreatedAt, m.CompletedAt,
        m.TimeToFirstTokenMs, m.Model, m.Error, lastSequence,
        m.Reasoning, m.ReasoningMs, ToolCallsJson.Read(m.ToolCalls),
        m.TotalTokens is null && m.InputTokens is null ? null : new TokenUsage(m.InputTokens, m.OutputTokens, m.TotalTokens));
}
