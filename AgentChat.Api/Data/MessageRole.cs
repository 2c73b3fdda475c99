namespace AgentChat.Api.Data;

public enum MessageRole
{
    User,
    Assistant
}
