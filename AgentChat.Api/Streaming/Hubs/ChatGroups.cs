namespace AgentChat.Api.Streaming.Hubs;

/// <summary>SignalR group names: one group per conversation, joined only after an ownership check.</summary>
public static class ChatGroups
{
    public static string Conversation(Guid conversationId) => $"conversation:{conversationId:N}";
}
