namespace AgentChat.Web.Client.Chat;

public enum ConnectionState
{
    Connecting,
    Connected,
    Reconnecting
}
