using StackExchange.Redis;

namespace AgentChat.Api.Streaming.Chunks;

/// <summary>
/// What every chunk of one answer names when it is logged (<see cref="ChunkLog.AppendAsync"/>):
/// its log, its conversation's viewer set and its ids as a forward carries them. Built once for
/// the answer by whoever publishes it, instead of formatting the same three strings (about 450
/// bytes) for every chunk.
/// </summary>
public sealed class AnswerKeys(AnswerChunks answer)
{
    public RedisKey Log { get; } = RedisKeys.Log(answer.MessageId);

    public RedisKey Viewers { get; } = RedisKeys.Viewers(answer.ConversationId);

    /// <summary>The answer's ids in front of a forwarded chunk (<see cref="ForwardedChunk.Answer"/>).</summary>
    public RedisValue ForwardedAnswer { get; } = ForwardedChunk.Answer(answer);
}
