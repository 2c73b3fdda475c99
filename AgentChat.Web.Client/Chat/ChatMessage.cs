using System.Text;
using AgentChat.Contracts;
using AgentChat.Web.Client.Api;

namespace AgentChat.Web.Client.Chat;

/// <summary>
/// One message as the page shows it. An answer grows from chunks applied strictly in sequence
/// order: around a resume the hub may send a chunk twice or a little out of order, so sequences
/// already applied are dropped and ones that skip ahead wait until the gap is filled.
/// </summary>
public sealed class ChatMessage
{
    private readonly SortedDictionary<long, MessageChunk> _waiting = [];
    private readonly StringBuilder _text = new();
    private string? _textCache;
    private readonly StringBuilder _reasoning = new();
    private string? _reasoningCache;
    private DateTimeOffset? _reasoningStartedAt;

    public ChatMessage(Guid id, string role, string status)
    {
        Id = id;
        Role = role;
        Status = status;
    }

    public Guid Id { get; private set; }
    public string Role { get; }
    public string Status { get; private set; }
    public long LastSequence { get; private set; }
    public string? Error { get; private set; }

    /// <summary>The agent that answered, and the model that produced the answer (known once stored).</summary>
    public Guid? AgentId { get; private set; }
    public string? Model { get; private set; }
    public string Text => _textCache ??= _text.ToString();

    /// <summary>The model's thinking so far (shown collapsible, above the answer).</summary>
    public string Reasoning => _reasoningCache ??= _reasoning.ToString();

    /// <summary>How long the model thought before the answer began, once known.</summary>
    public int? ReasoningMs { get; private set; }

    /// <summary>Tool calls in the order they started, each in its latest state.</summary>
    public List<ToolActivity> ToolCalls { get; } = [];

    public TokenUsage? Usage { get; private set; }
    public bool IsAssistant => Role == "assistant";
    public bool IsStreaming => Status == WireStatus.Streaming;
    public StreamMetrics Metrics { get; } = new();

    /// <summary>Chunks arrived that skip ahead of <see cref="LastSequence"/>: something is missing.</summary>
    public bool HasGap => _waiting.Count > 0;

    /// <summary>When a chunk last arrived (or the message was last caught up, or resumed).</summary>
    public DateTimeOffset LastActivity { get; private set; } = DateTimeOffset.MinValue;

    /// <summary>Notes that the message was just heard of (created, resumed), so silence counts from now.</summary>
    public void Touch(DateTimeOffset now) => LastActivity = now;

    /// <summary>Raised after chunks changed what the message shows; the view redraws on the next frame.</summary>
    public event Action? Changed;

    public static ChatMessage FromApi(MessageSnapshot info)
    {
        var message = new ChatMessage(info.Id, info.Role, info.Status)
        {
            LastSequence = info.LastSequence,
            Error = info.Error,
            AgentId = info.AgentId,
            Model = info.Model
        };
        message._text.Append(info.Content);
        message.SetDetails(info);
        message.Metrics.TimeToFirstTokenMs = info.TimeToFirstTokenMs;
        return message;
    }

    public static ChatMessage UserQuestion(Guid id, string text)
    {
        var message = new ChatMessage(id, "user", WireStatus.Complete);
        message._text.Append(text);
        return message;
    }

    /// <summary>A question shown at once, before the hub has said which id it got.</summary>
    public void Confirm(Guid id) => Id = id;

    public static ChatMessage AwaitingAnswer(Guid id, Guid agentId) => new(id, "assistant", WireStatus.Streaming) { AgentId = agentId };

    /// <summary>Applies a chunk if it is the next one, then any waiting ones it unblocks.</summary>
    /// <returns>Whether what the message shows changed.</returns>
    public bool Apply(MessageChunk chunk, DateTimeOffset receivedAt)
    {
        LastActivity = receivedAt;
        if (!IsStreaming || chunk.Sequence <= LastSequence)
        {
            return false;
        }
        if (chunk.Sequence > LastSequence + 1)
        {
            _waiting[chunk.Sequence] = chunk;
            return false;
        }
        ApplyInOrder(chunk, receivedAt);
        while (IsStreaming && _waiting.Remove(LastSequence + 1, out var next))
        {
            ApplyInOrder(next, receivedAt);
        }
        DropWaitingUpTo(LastSequence);
        Changed?.Invoke();
        return true;
    }

    /// <summary>
    /// Catches up with the Api's snapshot of this message (text so far and the sequence it ends
    /// with) when it is further along than what the chunks gave; chunks that were waiting for the
    /// gap then apply on top.
    /// </summary>
    public void CatchUp(MessageSnapshot snapshot, DateTimeOffset now)
    {
        AgentId ??= snapshot.AgentId;
        if (snapshot.Model is not null && snapshot.Model != Model)
        {
            Model = snapshot.Model;
            Changed?.Invoke();
        }
        var behind = snapshot.LastSequence > LastSequence
            || (snapshot.LastSequence == LastSequence && snapshot.Status != Status);
        if (!behind)
        {
            return;
        }
        _text.Clear().Append(snapshot.Content);
        _textCache = null;
        LastActivity = now;
        SetDetails(snapshot);
        LastSequence = snapshot.LastSequence;
        Status = snapshot.Status;
        Error = snapshot.Error;
        DropWaitingUpTo(LastSequence);
        while (IsStreaming && _waiting.Remove(LastSequence + 1, out var next))
        {
            ApplyInOrder(next, now);
        }
        Changed?.Invoke();
    }

    private void ApplyInOrder(MessageChunk chunk, DateTimeOffset receivedAt)
    {
        LastSequence = chunk.Sequence;
        if (chunk.IsComplete && chunk.Status == WireStatus.Failed)
        {
            // A failed stream's last chunk carries the safe error text, not answer text.
            Error = chunk.Chunk;
        }
        else if (chunk.Kind != ChunkKind.Text)
        {
            ApplyDetail(chunk, receivedAt);
        }
        else if (chunk.Chunk.Length > 0)
        {
            if (_reasoningStartedAt is { } thinking && _text.Length == 0)
            {
                ReasoningMs ??= (int)(receivedAt - thinking).TotalMilliseconds;
            }
            _text.Append(chunk.Chunk);
            _textCache = null;
            Metrics.TokenArrived(receivedAt);
        }
        if (chunk.IsComplete)
        {
            Status = chunk.Status;
        }
    }

    private void ApplyDetail(MessageChunk chunk, DateTimeOffset receivedAt)
    {
        switch (chunk.Kind)
        {
            case ChunkKind.Reasoning when chunk.Reasoning is { Length: > 0 } thought:
                _reasoningStartedAt ??= receivedAt;
                _reasoning.Append(thought);
                _reasoningCache = null;
                break;
            case ChunkKind.ToolCall or ChunkKind.ToolResult when chunk.Tool is { } tool:
                var index = ToolCalls.FindIndex(t => t.CallId == tool.CallId);
                if (index < 0)
                {
                    ToolCalls.Add(tool);
                }
                else
                {
                    ToolCalls[index] = tool;
                }
                break;
            case ChunkKind.Usage when chunk.Usage is { } usage:
                Usage = usage;
                break;
        }
    }

    private void SetDetails(MessageSnapshot snapshot)
    {
        _reasoning.Clear().Append(snapshot.Reasoning);
        _reasoningCache = null;
        ReasoningMs = snapshot.ReasoningMs ?? ReasoningMs;
        ToolCalls.Clear();
        ToolCalls.AddRange(snapshot.ToolCalls ?? []);
        Usage = snapshot.Usage;
    }

    private void DropWaitingUpTo(long sequence)
    {
        while (_waiting.Count > 0 && _waiting.First().Key <= sequence)
        {
            _waiting.Remove(_waiting.First().Key);
        }
    }
}
