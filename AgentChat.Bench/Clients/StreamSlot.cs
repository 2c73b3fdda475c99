namespace AgentChat.Bench.Clients;

/// <summary>One place a stream runs from: a user's own connection and conversation.</summary>
public sealed record StreamSlot(BenchUser User, ChatClientConnection Connection, Guid ConversationId);
