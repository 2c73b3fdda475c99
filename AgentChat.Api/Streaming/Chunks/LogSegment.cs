using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using StackExchange.Redis;

namespace AgentChat.Api.Streaming.Chunks;

/// <summary>
/// A sealed run of an answer's chunks, <see cref="First"/> to <see cref="Last"/>, stored beside
/// the log by the answer's owner (<see cref="RedisKeys.Segments"/>) as the JSON of the
/// <see cref="Contracts.MessageChunkBatch"/> a compact resume sends for them, so a resume sends it
/// as it is: one value read and no chunk (de)serialized. The log itself stays complete and is what
/// everything else reads; a segment that is missing (Redis lost it) or does not read back is
/// simply not used, and the log serves instead. <see cref="FinalStatus"/> is set when the run ends
/// with the answer's final chunk.
/// </summary>
public sealed record LogSegment(long First, long Last, string? FinalStatus, ReadOnlyMemory<byte> Batch)
{
    public long Count => Last - First + 1;

    // The value: "<last> <final status or ->\n" and then the batch's JSON.
    private const byte Separator = (byte)'\n';
    private const string NotFinal = "-";

    public static RedisValue Field(long first) => first;

    public static RedisValue Value(long last, string? finalStatus, byte[] batchJson)
    {
        var header = Encoding.ASCII.GetBytes($"{last} {finalStatus ?? NotFinal}\n");
        var value = new byte[header.Length + batchJson.Length];
        header.CopyTo(value, 0);
        batchJson.CopyTo(value, header.Length);
        return value;
    }

    /// <summary>The segment a hash entry holds, or null when it does not read as one.</summary>
    public static LogSegment? Read(RedisValue field, RedisValue value)
    {
        if (!field.TryParse(out long first) || first < 1 || value.IsNullOrEmpty)
        {
            return null;
        }
        ReadOnlyMemory<byte> bytes = (byte[])value!;
        var end = bytes.Span.IndexOf(Separator);
        if (end < 0)
        {
            return null;
        }
        var header = bytes.Span[..end];
        var space = header.IndexOf((byte)' ');
        if (space < 0 || !Utf8Parser.TryParse(header[..space], out long last, out var used) || used != space || last < first)
        {
            return null;
        }
        var status = Encoding.ASCII.GetString(header[(space + 1)..]);
        var batch = bytes[(end + 1)..];
        return IsJsonObject(batch.Span) ? new LogSegment(first, last, status == NotFinal ? null : status, batch) : null;
    }

    // Sent to clients as it is, so it must be one well-formed JSON object.
    private static bool IsJsonObject(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }
            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
