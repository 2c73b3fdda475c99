using StackExchange.Redis;

namespace AgentChat.Api.Streaming.Chunks;

/// <summary>
/// Whose answer a log's sealed segments are (<see cref="RedisKeys.Segments"/>): the user it was
/// generated for, its conversation and its agent. The answer's owner writes it with every segment,
/// from the turn PostgreSQL stored, so a resume by that user needs no database query to be allowed.
/// Deleting the answer (<see cref="ChunkLog.ForgetAsync"/>) replaces the hash with a tombstone
/// (<see cref="DeletedField"/>) that no later segment write gets past, so a deleted answer is never
/// vouched for again. Anything that does not read as an owner is no owner: the resume asks PostgreSQL.
/// </summary>
public sealed record SegmentOwner(string UserId, Guid ConversationId, Guid AgentId)
{
    public static readonly RedisValue Field = "owner";

    public static readonly RedisValue DeletedField = "deleted";

    // "<conversation id> <agent id> <user id>": the ids are fixed-length, so the user id is the rest.
    private const int IdLength = 32;

    /// <summary>Where the user id starts in the value (0-based), for the check Redis makes itself (<see cref="ChunkLog.ReadSegmentsAsync"/>).</summary>
    public const int UserIdStart = 2 * IdLength + 2;

    public RedisValue Value() => $"{ConversationId:N} {AgentId:N} {UserId}";

    public static SegmentOwner? Read(RedisValue value)
    {
        if (value.IsNullOrEmpty)
        {
            return null;
        }
        var text = (string)value!;
        if (text.Length <= UserIdStart || text[IdLength] != ' ' || text[2 * IdLength + 1] != ' '
            || !Guid.TryParseExact(text.AsSpan(0, IdLength), "N", out var conversationId)
            || !Guid.TryParseExact(text.AsSpan(IdLength + 1, IdLength), "N", out var agentId))
        {
            return null;
        }
        return new SegmentOwner(text[UserIdStart..], conversationId, agentId);
    }
}
