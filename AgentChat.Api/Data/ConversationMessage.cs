namespace AgentChat.Api.Data;

/// <summary>
/// One turn of a conversation. An assistant message is written twice at most: when its
/// generation starts (status <see cref="MessageStatus.Streaming"/>) and once when it ends;
/// the tokens in between live in the Redis chunk log, never here.
/// </summary>
public sealed class ConversationMessage
{
    public const int ContentMaxLength = 16_000;
    public const int ErrorMaxLength = 500;

    public Guid Id { get; set; }
    public Guid ConversationId { get; set; }
    public Conversation? Conversation { get; set; }
    public MessageRole Role { get; set; }

    /// <summary>The agent that wrote an assistant message; null for the user's own.</summary>
    public Guid? AgentId { get; set; }

    public string Content { get; set; } = "";
    public MessageStatus Status { get; set; }

    /// <summary>The model that answered, as the provider reported it.</summary>
    public string? Model { get; set; }

    /// <summary>A short, safe text for <see cref="MessageStatus.Failed"/>; never an exception message.</summary>
    public string? Error { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public int? TimeToFirstTokenMs { get; set; }

    /// <summary>The model's reasoning before and around its answer; never sent back to the model.</summary>
    public string? Reasoning { get; set; }

    /// <summary>How long the model reasoned before its answer text began.</summary>
    public int? ReasoningMs { get; set; }

    /// <summary>The answer's tool calls (jsonb: a list of <c>ToolActivity</c>), with bounded results.</summary>
    public string? ToolCalls { get; set; }

    public long? InputTokens { get; set; }
    public long? OutputTokens { get; set; }
    public long? TotalTokens { get; set; }
}
