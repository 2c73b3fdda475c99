using AgentChat.Api.Identity;

namespace AgentChat.Api.Data;

public sealed class Conversation
{
    public const int TitleMaxLength = 200;

    public Guid Id { get; set; }
    public required string OwnerId { get; set; }
    public AppUser? Owner { get; set; }
    public Guid AgentId { get; set; }
    public Agent? Agent { get; set; }
    public required string Title { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Moves forward whenever a message is added, so lists can show the most active first.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    public List<ConversationMessage> Messages { get; set; } = [];
}
