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
    private const string TextField = "c";
    private const string StatusField = "f";

    private IDatabase Db => redis.GetDatabase();

    private static NameValueEntry[] FieldsOf(MessageChunk chunk) => chunk.IsComplete
        ? [new(TextField, chunk.Chunk), new(StatusField, chunk.Status)]
        : [new(TextField, chunk.Chunk)];

    private TimeSpan StreamingTtl => options.Value.MaxGenerationDuration + options.Value.ResumeRetention;

    public async Task AppendAsync(MessageChunk chunk)
    {
        var key = RedisKeys.Log(chunk.MessageId);
        var fields = FieldsOf(chunk);
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
            var ttl = chunk.IsComplete ? options.Value.ResumeRetention : StreamingTtl;
            _ = Db.KeyExpireAsync(key, ttl, flags: CommandFlags.FireAndForget);
        }
    }

    // Atomic, so chunks the owner appends meanwhile are kept: if the log no longer starts at 1,
    // it is rebuilt from the owner's chunks (ARGV: ttl, then id, text, final status per chunk) and
    // whatever it holds beyond them.
    private const string RestoreScript = """
        local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)
        if #first == 1 and first[1][1] == '0-1' then return 0 end
        local kept = redis.call('XRANGE', KEYS[1], '-', '+')
        redis.call('DEL', KEYS[1])
        local last = 0
        for i = 2, #ARGV, 3 do
          if ARGV[i + 2] == '' then
            redis.call('XADD', KEYS[1], ARGV[i], 'c', ARGV[i + 1])
          else
            redis.call('XADD', KEYS[1], ARGV[i], 'c', ARGV[i + 1], 'f', ARGV[i + 2])
          end
          last = tonumber(string.sub(ARGV[i], 3))
        end
        for _, entry in ipairs(kept) do
          if tonumber(string.sub(entry[1], 3)) > last then
            redis.call('XADD', KEYS[1], entry[1], unpack(entry[2]))
          end
        end
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        return 1
        """;

    /// <summary>
    /// Rewrites a streaming message's log from the owner's memory when it no longer starts at
    /// sequence 1 (Redis came back without its data). Returns whether it had to.
    /// </summary>
    public async Task<bool> RestoreIfHeadlessAsync(Guid messageId, IReadOnlyList<MessageChunk> published)
    {
        if (published.Count == 0)
        {
            return false;
        }
        var arguments = new RedisValue[1 + 3 * published.Count];
        arguments[0] = (long)StreamingTtl.TotalMilliseconds;
        for (var i = 0; i < published.Count; i++)
        {
            var chunk = published[i];
            arguments[1 + 3 * i] = RedisKeys.EntryId(chunk.Sequence);
            arguments[2 + 3 * i] = chunk.Chunk;
            arguments[3 + 3 * i] = chunk.IsComplete ? chunk.Status : "";
        }
        var restored = await Db.ScriptEvaluateAsync(RestoreScript, [RedisKeys.Log(messageId)], arguments);
        return (long)restored == 1;
    }

    /// <summary>Up to <paramref name="count"/> chunks with a sequence above <paramref name="afterSequence"/>, in order.</summary>
    public async Task<IReadOnlyList<LoggedChunk>> ReadAfterAsync(Guid messageId, long afterSequence, int count)
    {
        // Exclusive start ("(id"): no arithmetic on a sequence the client chose, so no overflow.
        var entries = await Db.StreamRangeAsync(RedisKeys.Log(messageId),
            minId: "(" + RedisKeys.EntryId(afterSequence), maxId: "+", count: count);
        var chunks = new LoggedChunk[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            string? status = null;
            var text = "";
            foreach (var field in entry.Values)
            {
                if (field.Name == TextField)
                {
                    text = field.Value!;
                }
                else if (field.Name == StatusField)
                {
                    status = field.Value;
                }
            }
            chunks[i] = new LoggedChunk(RedisKeys.SequenceOf(entry.Id!), text, status);
        }
        return chunks;
    }

    public Task<bool> ExistsAsync(Guid messageId) => Db.KeyExistsAsync(RedisKeys.Log(messageId));

    /// <summary>The whole log joined, or null when there is none (never written, or expired).</summary>
    public async Task<LoggedMessage?> ReadAllAsync(Guid messageId, CancellationToken cancellationToken = default)
    {
        var batchSize = options.Value.ReplayBatchSize;
        var content = new System.Text.StringBuilder();
        long last = 0;
        string? status = null;
        string? finalText = null;
        var whole = true;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = await ReadAfterAsync(messageId, last, batchSize);
            foreach (var chunk in batch)
            {
                whole &= chunk.Sequence == last + 1;
                last = chunk.Sequence;
                if (chunk.FinalStatus is null)
                {
                    content.Append(chunk.Text);
                }
                else
                {
                    status = chunk.FinalStatus;
                    finalText = chunk.Text;
                }
            }
            if (batch.Count < batchSize)
            {
                break;
            }
        }
        return last == 0 ? null : new LoggedMessage(content.ToString(), last, status, finalText, whole);
    }
}
