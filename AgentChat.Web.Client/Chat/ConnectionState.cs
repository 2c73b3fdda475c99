namespace AgentChat.Web.Client.Chat;

public enum ConnectionState
{
    Connecting,
    Connected,
    Reconnecting,

    /// <summary>The server refused the person (401): the page goes to sign in, nothing retries.</summary>
    SignedOut
}
