namespace AgentChat.Web.Client.Chat;

public sealed record SendMessageResult(Guid UserMessageId, Guid AssistantMessageId, Guid AgentId);

public sealed record ResumeResult(Guid MessageId, string Status, long LastSequence, int Replayed, bool LogAvailable);
