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

    public static NameValueEntry[] ToEntry(MessageChunk chunk)
    {
        if (chunk.IsComplete)
        {
            return [new(TextField, chunk.Chunk), new(StatusField, chunk.Status)];
        }
        return chunk.Kind switch
        {
            ChunkKind.Text => [new(TextField, chunk.Chunk)],
            ChunkKind.Reasoning => [new(TextField, chunk.Reasoning ?? ""), new(KindField, chunk.Kind)],
            ChunkKind.Usage => [new(KindField, chunk.Kind), new(UsageField, JsonSerializer.Serialize(chunk.Usage, Json))],
            _ => [new(KindField, chunk.Kind), new(ToolField, JsonSerializer.Serialize(chunk.Tool, Json))]
        };
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
