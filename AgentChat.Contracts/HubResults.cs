namespace AgentChat.Contracts;

/// <summary>What <see cref="ChatHubMethods.SendMessage"/> returns.</summary>
public sealed record SendMessageResult(Guid UserMessageId, Guid AssistantMessageId, Guid AgentId);

/// <summary>
/// What <see cref="ChatHubMethods.ResumeStream"/> or <see cref="ChatHubMethods.ResumeStreamBatched"/>
/// did: the message's status and the last sequence it sent. A status other than <c>streaming</c> with
/// <see cref="LogAvailable"/> false means the log has expired: read the message over REST instead.
/// </summary>
public sealed record ResumeResult(Guid MessageId, string Status, long LastSequence, int Replayed, bool LogAvailable);
