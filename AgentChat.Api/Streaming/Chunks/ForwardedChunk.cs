using System.Text.Json;
using AgentChat.Contracts;
using StackExchange.Redis;

namespace AgentChat.Api.Streaming.Chunks;

/// <summary>
/// A chunk as it travels to another replica's inbox: its log entry as the log's script has it,
/// with the answer's ids in front, as a JSON array of strings (<c>["m:c:a", "0-7", "c", "Hello"]</c>:
/// message, conversation and agent ids, entry id, then the entry's field names and values). The
/// script builds it only when another replica watches the conversation, so the publisher
/// serializes nothing for a forward that may not happen; the receiver reads it back exactly as a
/// resume reads the log (<see cref="ChunkFields.FromEntry"/>, <see cref="AnswerChunks.FromLog"/>).
/// A forward from a replica of an earlier version, the chunk's own JSON, still reads.
/// </summary>
public static class ForwardedChunk
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The answer's ids as the script puts them in front of the entry.</summary>
    public static string Answer(AnswerChunks answer) => $"{answer.MessageId:N}:{answer.ConversationId:N}:{answer.AgentId:N}";

    /// <summary>The chunk in <paramref name="payload"/>; throws <see cref="JsonException"/> or <see cref="FormatException"/> when it is not one.</summary>
    public static MessageChunk Read(ReadOnlySpan<byte> payload)
    {
        if (payload.Length > 0 && payload[0] == (byte)'{')
        {
            return JsonSerializer.Deserialize<MessageChunk>(payload, Json) ?? throw new JsonException("A forwarded chunk was null.");
        }
        var reader = new Utf8JsonReader(payload);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("A forwarded chunk is a JSON array.");
        }
        var strings = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            strings.Add(reader.TokenType == JsonTokenType.String
                ? reader.GetString()!
                : throw new JsonException("A forwarded chunk holds only strings."));
        }
        if (reader.TokenType != JsonTokenType.EndArray || strings.Count < 4 || strings.Count % 2 != 0)
        {
            throw new JsonException("A forwarded chunk is the answer's ids, an entry id and field pairs.");
        }
        var ids = strings[0].Split(':');
        if (ids.Length != 3)
        {
            throw new FormatException("A forwarded chunk's answer is three ids.");
        }
        var answer = new AnswerChunks(Guid.ParseExact(ids[0], "N"), Guid.ParseExact(ids[1], "N"), Guid.ParseExact(ids[2], "N"));
        var fields = new NameValueEntry[(strings.Count - 2) / 2];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = new NameValueEntry(strings[2 + 2 * i], strings[3 + 2 * i]);
        }
        return answer.FromLog(ChunkFields.FromEntry(new StreamEntry(strings[1], fields)));
    }
}
