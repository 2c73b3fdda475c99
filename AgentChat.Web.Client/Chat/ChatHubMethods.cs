namespace AgentChat.Web.Client.Chat;

/// <summary>The hub's method and event names (AgentChat.Api's ChatHub and IChatClientEvents), in one place.</summary>
public static class ChatHubMethods
{
    public const string SendMessage = "SendMessage";
    public const string JoinConversation = "JoinConversation";
    public const string ResumeStream = "ResumeStream";
    public const string StopGenerating = "StopGenerating";
    public const string MessageChunk = "MessageChunk";
}
