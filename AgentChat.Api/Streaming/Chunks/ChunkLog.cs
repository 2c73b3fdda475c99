using AgentChat.Contracts;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AgentChat.Api.Streaming.Chunks;

/// <summary>
/// The per-message chunk log: a Redis Stream whose entry ids are the chunk sequences. Written by the
/// generation that owns the message, read by any replica to resume or recover it. Keys expire
/// <see cref="StreamingOptions.ResumeRetention"/> after the message ends.
/// </summary>
public sealed class ChunkLog(IConnectionMultiplexer redis, IOptions<StreamingOptions> options)
{
    private IDatabase Db => redis.GetDatabase();

    public async Task AppendAsync(MessageChunk chunk)
    {
        var key = RedisKeys.Log(chunk.MessageId);
        var fields = ChunkFields.ToEntry(chunk);
        try
        {
            await Db.StreamAddAsync(key, fields, RedisKeys.EntryId(chunk.Sequence));
        }
        catch (RedisServerException e) when (e.Message.Contains("equal or smaller", StringComparison.Ordinal))
        {
            return; // written by an earlier attempt whose reply was lost
        }

        if (chunk.Sequence == 1 || chunk.IsComplete)
        {
            // While streaming the log must outlive the longest generation; once ended, only the retention.
            var ttl = chunk.IsComplete
                ? options.Value.ResumeRetention
                : options.Value.MaxGenerationDuration + options.Value.ResumeRetention;
            _ = Db.KeyExpireAsync(key, ttl, flags: CommandFlags.FireAndForget);
        }
    }

    /// <summary>Up to <paramref name="count"/> chunks with a sequence above <paramref name="afterSequence"/>, in order.</summary>
    public async Task<IReadOnlyList<LoggedChunk>> ReadAfterAsync(Guid messageId, long afterSequence, int count)
    {
        var entries = await Db.StreamRangeAsync(RedisKeys.Log(messageId),
            minId: RedisKeys.EntryId(afterSequence + 1), maxId: "+", count: count);
        var chunks = new LoggedChunk[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            chunks[i] = ChunkFields.FromEntry(entries[i]);
        }
        return chunks;
    }

    public Task<bool> ExistsAsync(Guid messageId) => Db.KeyExistsAsync(RedisKeys.Log(messageId));

    /// <summary>The whole log folded into one message, or null when there is none (never written, or expired).</summary>
    public async Task<LoggedMessage?> ReadAllAsync(Guid messageId, CancellationToken cancellationToken = default)
    {
        var batchSize = options.Value.ReplayBatchSize;
        var message = new LoggedMessageBuilder();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = await ReadAfterAsync(messageId, message.LastSequence, batchSize);
            foreach (var chunk in batch)
            {
                message.Add(chunk);
            }
            if (batch.Count < batchSize)
            {
                break;
            }
        }
        return message.LastSequence == 0 ? null : message.Build();
    }
}
