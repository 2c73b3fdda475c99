using System.Buffers.Text;
using System.IO.Hashing;
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
/// with the answer's final chunk. A segment carries a checksum of its batch, so reading one back
/// proves it is the JSON this server wrote without parsing it (about 5 µs instead of 0.2 ms for a
/// 2,000-chunk answer's segments); one written before the checksum (a rolling upgrade) is parsed.
/// </summary>
public sealed record LogSegment(long First, long Last, string? FinalStatus, ReadOnlyMemory<byte> Batch)
{
    public long Count => Last - First + 1;

    // The value: "<last> <final status or -> <checksum>\n" and then the batch's JSON; the checksum
    // is the batch's XxHash3 in 16 hex digits (before it, the header had no checksum).
    private const byte Separator = (byte)'\n';
    private const string NotFinal = "-";
    private const int ChecksumDigits = 16;

    public static RedisValue Field(long first) => first;

    public static RedisValue Value(long last, string? finalStatus, byte[] batchJson)
    {
        var header = Encoding.ASCII.GetBytes($"{last} {finalStatus ?? NotFinal} {Checksum(batchJson):x16}\n");
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
        var rest = header[(space + 1)..];
        var batch = bytes[(end + 1)..];
        var checksumAt = rest.IndexOf((byte)' ');
        var intact = checksumAt < 0
            ? IsJsonObject(batch.Span)
            : rest.Length - checksumAt - 1 == ChecksumDigits
              && Utf8Parser.TryParse(rest[(checksumAt + 1)..], out ulong checksum, out var digits, 'x') && digits == ChecksumDigits
              && checksum == Checksum(batch.Span);
        if (!intact)
        {
            return null;
        }
        var status = Encoding.ASCII.GetString(checksumAt < 0 ? rest : rest[..checksumAt]);
        return new LogSegment(first, last, status == NotFinal ? null : status, batch);
    }

    private static ulong Checksum(ReadOnlySpan<byte> batchJson) => XxHash3.HashToUInt64(batchJson);

    // Sent to clients as it is, so one without a checksum must be one well-formed JSON object.
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
