namespace AgentChat.Contracts;

/// <summary>The hub's path, method and event names, in one place.</summary>
public static class ChatHubMethods
{
    public const string HubPath = "/hubs/chat";
    public const string SendMessage = "SendMessage";
    public const string JoinConversation = "JoinConversation";
    public const string LeaveConversation = "LeaveConversation";
    public const string ResumeStream = "ResumeStream";
    /// <summary>Like <see cref="ResumeStream"/>, but replays the log in <see cref="MessageChunks"/> batches.</summary>
    public const string ResumeStreamBatched = "ResumeStreamBatched";
    /// <summary>Like <see cref="ResumeStreamBatched"/>, but each batch is a compact <see cref="MessageChunkBatch"/> (protocol version 3).</summary>
    public const string ResumeStreamCompact = "ResumeStreamCompact";
    public const string StopGenerating = "StopGenerating";
    public const string MessageChunk = "MessageChunk";
    /// <summary>Replayed chunks of one message, in sequence order, sent by <see cref="ResumeStreamBatched"/>.</summary>
    public const string MessageChunks = "MessageChunks";
    /// <summary>Replayed chunks of one message as one <see cref="Contracts.MessageChunkBatch"/>, sent by <see cref="ResumeStreamCompact"/>.</summary>
    public const string MessageChunkBatch = "MessageChunkBatch";
    public const string ConversationTitleChanged = "ConversationTitleChanged";
    /// <summary>A conversation was created (<see cref="ConversationSummary"/>), sent to every connection of its owner.</summary>
    public const string ConversationCreated = "ConversationCreated";
    public const string ConversationDeleted = "ConversationDeleted";
    public const string LastTurnRetracted = "LastTurnRetracted";
}
