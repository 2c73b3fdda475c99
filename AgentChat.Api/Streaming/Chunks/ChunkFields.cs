using System.Text.Json;
using AgentChat.Contracts;
using StackExchange.Redis;

namespace AgentChat.Api.Streaming.Chunks;

/// <summary>
/// How a chunk is laid out as a Redis Stream entry. A text chunk is just its text, as before
/// kinds existed, so logs written by an older replica still read; other kinds add their kind and,
/// for tools and usage, their payload as JSON.
/// </summary>
internal static class ChunkFields
{
    private const string TextField = "c";
    private const string StatusField = "f";
    private const string KindField = "k";
    private const string ToolField = "t";
    private const string UsageField = "u";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>How many fields the chunk's entry has (<see cref="Write"/> writes twice as many values).</summary>
    public static int FieldCount(MessageChunk chunk) => chunk.IsComplete || chunk.Kind != ChunkKind.Text ? 2 : 1;

    /// <summary>Writes the entry's field names and values, in pairs, at <paramref name="at"/>.</summary>
    public static void Write(MessageChunk chunk, RedisValue[] into, int at)
    {
        if (chunk.IsComplete)
        {
            Pair(into, at, TextField, chunk.Chunk);
            Pair(into, at + 2, StatusField, chunk.Status);
            return;
        }
        switch (chunk.Kind)
        {
            case ChunkKind.Text:
                Pair(into, at, TextField, chunk.Chunk);
                break;
            case ChunkKind.Reasoning:
                Pair(into, at, TextField, chunk.Reasoning ?? "");
                Pair(into, at + 2, KindField, chunk.Kind);
                break;
            case ChunkKind.Usage:
                Pair(into, at, KindField, chunk.Kind);
                Pair(into, at + 2, UsageField, JsonSerializer.Serialize(chunk.Usage, Json));
                break;
            default:
                Pair(into, at, KindField, chunk.Kind);
                Pair(into, at + 2, ToolField, JsonSerializer.Serialize(chunk.Tool, Json));
                break;
        }
    }

    private static void Pair(RedisValue[] into, int at, string name, string value)
    {
        into[at] = name;
        into[at + 1] = value;
    }

    public static LoggedChunk FromEntry(StreamEntry entry)
    {
        string? status = null;
        var text = "";
        var kind = ChunkKind.Text;
        ToolActivity? tool = null;
        TokenUsage? usage = null;
        foreach (var field in entry.Values)
        {
            switch ((string?)field.Name)
            {
                case TextField: text = field.Value!; break;
                case StatusField: status = field.Value; break;
                case KindField: kind = field.Value!; break;
                case ToolField: tool = JsonSerializer.Deserialize<ToolActivity>((string)field.Value!, Json); break;
                case UsageField: usage = JsonSerializer.Deserialize<TokenUsage>((string)field.Value!, Json); break;
            }
        }
        return new LoggedChunk(RedisKeys.SequenceOf(entry.Id!), text, status, kind, tool, usage);
    }
}
