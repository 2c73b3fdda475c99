using System.Text.Json;
using AgentChat.Contracts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AgentChat.Api.Streaming.Chunks;

/// <summary>
/// The per-message chunk log: a Redis Stream whose entry ids are the chunk sequences. Written by the
/// generation that owns the message, read by any replica to resume or recover it. Keys expire
/// <see cref="StreamingOptions.ResumeRetention"/> after the message ends.
/// </summary>
public sealed class ChunkLog(IConnectionMultiplexer redis, IOptions<StreamingOptions> options, IOptions<JsonHubProtocolOptions> hubJson)
{
    private IDatabase Db => redis.GetDatabase();

    private TimeSpan StreamingTtl => StreamingTtlOf(options.Value);

    private static TimeSpan StreamingTtlOf(StreamingOptions options) => options.MaxGenerationDuration + options.ResumeRetention;

    /// <summary>
    /// What the log (and its segments) must outlive once <paramref name="chunk"/> is in: while
    /// streaming, the longest generation; once ended, only the retention.
    /// </summary>
    private static TimeSpan ExpiryAfter(StreamingOptions options, MessageChunk chunk) =>
        chunk.IsComplete ? options.ResumeRetention : StreamingTtlOf(options);

    // Each chunk, atomically: log it (unless the log is off), set the log's expiry on its first and
    // last chunk, and forward it to every other replica with a viewer of the conversation. Being
    // atomic with the log write is what makes joining safe: a replica that enters the viewer set
    // before this runs gets the chunk forwarded, one that enters after finds it in the log. What is
    // forwarded is the log entry itself with the answer's ids (<see cref="ForwardedChunk"/>), built here
    // only when another replica watches, so a chunk nobody elsewhere watches is never serialized
    // twice. A replica whose inbox has no subscriber has died and leaves the set. An entry id already logged
    // (a retry whose first reply was lost) is 0 and forwards nothing again. One call carries the
    // chunks of many answers (<see cref="GroupCommit{T}"/>); each chunk's failure is its own (an
    // error text in its place of the reply), and the chunks after it still go.
    // KEYS: per chunk its log and its conversation's viewers. ARGV: log it (1/0), the inbox channel
    // prefix and suffix, then per chunk: the replica writing it, expiry in ms (0: none), entry id,
    // the answer's ids (<see cref="ForwardedChunk.Answer"/>), number of fields, the fields' names and values.
    private const string AppendScript = """
        local logging, prefix, suffix = ARGV[1] == '1', ARGV[2], ARGV[3]
        local function append(log, viewers, me, expiry, id, answer, fields)
          if logging then
            local added = redis.pcall('XADD', log, id, unpack(fields))
            if type(added) == 'table' and added.err then
              if string.find(added.err, 'equal or smaller', 1, true) then return 0 end
              return added.err
            end
            if expiry ~= '0' then redis.call('PEXPIRE', log, expiry) end
          end
          local forwarded
          for _, replica in ipairs(redis.call('SMEMBERS', viewers)) do
            if replica ~= me then
              forwarded = forwarded or cjson.encode({answer, id, unpack(fields)})
              if redis.call('PUBLISH', prefix .. replica .. suffix, forwarded) == 0 then
                redis.call('SREM', viewers, replica)
              end
            end
          end
          return 1
        end
        local results, a = {}, 4
        for k = 1, #KEYS, 2 do
          local count = tonumber(ARGV[a + 4])
          local fields = {}
          for f = 1, 2 * count do fields[f] = ARGV[a + 4 + f] end
          local ok, result = pcall(append, KEYS[k], KEYS[k + 1], ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], fields)
          if not ok then result = type(result) == 'table' and result.err or tostring(result) end
          results[#results + 1] = result
          a = a + 5 + 2 * count
        end
        return results
        """;

    private readonly record struct Append(MessageChunk Chunk, AnswerKeys Keys, string ThisReplica);

    private readonly GroupCommit<Append> _appends = new(appends => WriteAsync(redis.GetDatabase(), options.Value, appends),
        options.Value.MaxChunksPerLogWrite);

    /// <summary>
    /// Logs the chunk and forwards it to the other replicas watching its conversation; see
    /// <see cref="AppendScript"/>. The chunks of all
    /// answers share round trips (<see cref="GroupCommit{T}"/>); every chunk is one of at most
    /// <see cref="StreamingOptions.MaxChunksPerLogWrite"/> in a call. <paramref name="keys"/> are
    /// the chunk's answer's.
    /// </summary>
    public Task AppendAsync(MessageChunk chunk, AnswerKeys keys, string thisReplica) =>
        _appends.AddAsync(new Append(chunk, keys, thisReplica));

    // Per chunk in ARGV: the replica, expiry, entry id, answer, field count, then the fields.
    private const int ArgumentsPerChunk = 5;

    private static async Task<Exception?[]> WriteAsync(IDatabase db, StreamingOptions options, IReadOnlyList<Append> appends)
    {
        var keys = new RedisKey[2 * appends.Count];
        var count = 3;
        for (var i = 0; i < appends.Count; i++)
        {
            count += ArgumentsPerChunk + 2 * ChunkFields.FieldCount(appends[i].Chunk);
        }
        // Sized exactly and filled in place: a chunk's arguments are most of what logging it allocates.
        var arguments = new RedisValue[count];
        arguments[0] = options.ChunkLogEnabled ? 1 : 0;
        arguments[1] = RedisKeys.ChunkInboxPrefix;
        arguments[2] = RedisKeys.ChunkInboxSuffix;
        var at = 3;
        for (var i = 0; i < appends.Count; i++)
        {
            var (chunk, answer, thisReplica) = appends[i];
            keys[2 * i] = answer.Log;
            keys[2 * i + 1] = answer.Viewers;
            // Set on the first and the last chunk only.
            var ttl = chunk.IsComplete || chunk.Sequence == 1 ? ExpiryAfter(options, chunk) : TimeSpan.Zero;
            var fields = ChunkFields.FieldCount(chunk);
            arguments[at] = thisReplica;
            arguments[at + 1] = (long)ttl.TotalMilliseconds;
            arguments[at + 2] = RedisKeys.EntryId(chunk.Sequence);
            arguments[at + 3] = answer.ForwardedAnswer;
            arguments[at + 4] = fields;
            ChunkFields.Write(chunk, arguments, at + ArgumentsPerChunk);
            at += ArgumentsPerChunk + 2 * fields;
        }
        var results = (RedisResult[])(await db.ScriptEvaluateAsync(AppendScript, keys, arguments))!;
        var failures = new Exception?[results.Length];
        for (var i = 0; i < results.Length; i++)
        {
            if (results[i].Resp2Type != ResultType.Integer)
            {
                failures[i] = new RedisServerException($"Logging chunk {appends[i].Chunk.Sequence} of {appends[i].Chunk.MessageId} failed: {results[i]}");
            }
        }
        return failures;
    }

    // Atomic, so chunks the owner appends meanwhile are kept: if the log no longer starts at 1,
    // it is rebuilt from the owner's chunks (ARGV: ttl, then per chunk its id, its number of
    // fields and the fields' names and values) and whatever it holds beyond them.
    private const string RestoreScript = """
        local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)
        if #first == 1 and first[1][1] == '0-1' then return 0 end
        local kept = redis.call('XRANGE', KEYS[1], '-', '+')
        redis.call('DEL', KEYS[1])
        local last = 0
        local i = 2
        while i <= #ARGV do
          local id = ARGV[i]
          local count = tonumber(ARGV[i + 1])
          local entry = {}
          for f = 1, 2 * count do entry[f] = ARGV[i + 1 + f] end
          redis.call('XADD', KEYS[1], id, unpack(entry))
          last = tonumber(string.sub(id, 3))
          i = i + 2 + 2 * count
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
        var arguments = new RedisValue[1 + published.Sum(chunk => 2 + 2 * ChunkFields.FieldCount(chunk))];
        arguments[0] = (long)StreamingTtl.TotalMilliseconds;
        var at = 1;
        foreach (var chunk in published)
        {
            var fields = ChunkFields.FieldCount(chunk);
            arguments[at] = RedisKeys.EntryId(chunk.Sequence);
            arguments[at + 1] = fields;
            ChunkFields.Write(chunk, arguments, at + 2);
            at += 2 + 2 * fields;
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
            chunks[i] = ChunkFields.FromEntry(entries[i]);
        }
        return chunks;
    }

    // The segment, whose it is, and the expiry its log has at that point (the log's own is set by
    // the append). Not over a tombstone: a write that comes after the answer was deleted (its last
    // one can follow the end PostgreSQL stored) must not vouch for it again.
    private const string SealScript = """
        if redis.call('HEXISTS', KEYS[1], ARGV[5]) == 1 then return 0 end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2], ARGV[4], ARGV[6])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return 1
        """;

    /// <summary>
    /// Stores <paramref name="chunks"/>, consecutive and already logged, as one sealed segment
    /// (<see cref="LogSegment"/>), written in the JSON the hub itself writes, so it can be sent as
    /// it is, with whose answer they are (<see cref="SegmentOwner"/>).
    /// </summary>
    public async Task SealAsync(IReadOnlyList<MessageChunk> chunks, SegmentOwner owner)
    {
        if (!options.Value.ChunkLogEnabled || chunks.Count == 0)
        {
            return;
        }
        var (first, last) = (chunks[0], chunks[^1]);
        var json = JsonSerializer.SerializeToUtf8Bytes(MessageChunkBatch.Of(chunks), hubJson.Value.PayloadSerializerOptions);
        var ttl = ExpiryAfter(options.Value, last);
        await Db.ScriptEvaluateAsync(SealScript, [RedisKeys.Segments(first.MessageId)],
            [LogSegment.Field(first.Sequence), LogSegment.Value(last.Sequence, last.IsComplete ? last.Status : null, json),
                (long)ttl.TotalMilliseconds, SegmentOwner.Field, SegmentOwner.DeletedField, owner.Value()]);
    }

    /// <summary>What a resume needs first, in one read: whose answer it is, and the sealed segment
    /// that starts at <paramref name="segmentStart"/> when asked for.</summary>
    public readonly record struct ResumeStart(SegmentOwner? Owner, LogSegment? Segment);

    /// <summary>
    /// The answer's <see cref="SegmentOwner"/> (none before its first segment, when the log is off,
    /// after Redis lost it, or once the answer was deleted) and, if <paramref name="segmentStart"/>
    /// is given, the segment that starts there, if there is one that reads back.
    /// </summary>
    public async Task<ResumeStart> ReadResumeStartAsync(Guid messageId, long? segmentStart)
    {
        RedisValue[] fields = segmentStart is { } start
            ? [SegmentOwner.Field, SegmentOwner.DeletedField, LogSegment.Field(start)]
            : [SegmentOwner.Field, SegmentOwner.DeletedField];
        var values = await Db.HashGetAsync(RedisKeys.Segments(messageId), fields);
        var owner = values[1].IsNull ? SegmentOwner.Read(values[0]) : null;
        var segment = segmentStart is { } first && values[1].IsNull ? LogSegment.Read(fields[2], values[2]) : null;
        return new ResumeStart(owner, segment);
    }

    // Per message (KEYS: its log, then its segments): both go, and the segments' key becomes a
    // tombstone until any write still on its way could have come (ARGV: the field, the expiry in ms).
    private const string ForgetScript = """
        for i = 1, #KEYS, 2 do
          redis.call('DEL', KEYS[i], KEYS[i + 1])
          redis.call('HSET', KEYS[i + 1], ARGV[1], '1')
          redis.call('PEXPIRE', KEYS[i + 1], ARGV[2])
        end
        return 1
        """;

    /// <summary>
    /// Forgets deleted answers: their logs and segments go, and no segment written after this
    /// vouches for them (<see cref="SegmentOwner"/>). Called before PostgreSQL deletes them, and
    /// throws when Redis is away, so an answer is never deleted there while Redis still vouches for it.
    /// </summary>
    public async Task ForgetAsync(IReadOnlyCollection<Guid> messageIds)
    {
        if (messageIds.Count == 0)
        {
            return;
        }
        var keys = new RedisKey[2 * messageIds.Count];
        var i = 0;
        foreach (var messageId in messageIds)
        {
            keys[i++] = RedisKeys.Log(messageId);
            keys[i++] = RedisKeys.Segments(messageId);
        }
        await Db.ScriptEvaluateAsync(ForgetScript, keys, [SegmentOwner.DeletedField, (long)StreamingTtl.TotalMilliseconds]);
    }

    // The segments, only for their owner (KEYS: the segments; ARGV: the owner's and the tombstone's
    // fields, where the user id starts in the owner's value, the caller's user id): anyone else,
    // and a deleted answer, gets nothing, so a stranger's resume has Redis read at most one
    // segment (<see cref="ReadResumeStartAsync"/>) instead of every segment the answer has.
    private const string OwnSegmentsScript = """
        if redis.call('HEXISTS', KEYS[1], ARGV[2]) == 1 then return {} end
        local owner = redis.call('HGET', KEYS[1], ARGV[1])
        if not owner or string.sub(owner, tonumber(ARGV[3])) ~= ARGV[4] then return {} end
        return redis.call('HGETALL', KEYS[1])
        """;

    /// <summary>
    /// The message's sealed segments that read back, in order, when <paramref name="userId"/> owns
    /// them (<see cref="SegmentOwner"/>); none when someone else does, when the answer was deleted,
    /// when the log is off or Redis lost them.
    /// </summary>
    public async Task<IReadOnlyList<LogSegment>> ReadSegmentsAsync(Guid messageId, string userId)
    {
        var reply = (RedisResult[])(await Db.ScriptEvaluateAsync(OwnSegmentsScript, [RedisKeys.Segments(messageId)],
            [SegmentOwner.Field, SegmentOwner.DeletedField, SegmentOwner.UserIdStart + 1, userId]))!;
        var segments = new List<LogSegment>(reply.Length / 2);
        for (var i = 0; i + 1 < reply.Length; i += 2)
        {
            if (LogSegment.Read((RedisValue)reply[i], (RedisValue)reply[i + 1]) is { } segment)
            {
                segments.Add(segment);
            }
        }
        segments.Sort((a, b) => a.First.CompareTo(b.First));
        return segments;
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
