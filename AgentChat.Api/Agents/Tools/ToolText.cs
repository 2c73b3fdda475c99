using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace AgentChat.Api.Agents.Tools;

/// <summary>Tool output is untrusted: bounded here before the model or a user sees it, and always plain text.</summary>
public static class ToolText
{
    public const string TruncatedMarker = "… [truncated]";

    /// <summary>JSON as people read it ("+" not "\u002B"); it is shown as plain text, never as markup.</summary>
    public static readonly JsonSerializerOptions ReadableJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Bound(string? text, int maxChars)
    {
        text ??= "";
        return text.Length <= maxChars ? text : string.Concat(text.AsSpan(0, Math.Max(0, maxChars - TruncatedMarker.Length)), TruncatedMarker);
    }

    /// <summary>A tool's result as text: strings as they are, an MCP result's text content joined, anything else as JSON.</summary>
    public static string Describe(object? result, int maxChars) => Bound(result switch
    {
        null => "",
        string s => s,
        TextContent t => t.Text,
        IEnumerable<AIContent> contents => string.Join("\n", contents.OfType<TextContent>().Select(t => t.Text)),
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
        JsonElement { ValueKind: JsonValueKind.Object } e when e.TryGetProperty("content", out var content)
            && content.ValueKind == JsonValueKind.Array => JoinText(content),
        JsonElement e => e.GetRawText(),
        _ => JsonSerializer.Serialize(result, ReadableJson)
    }, maxChars);

    private static string JoinText(JsonElement content)
    {
        var text = new StringBuilder();
        foreach (var item in content.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("text", out var part) && part.ValueKind == JsonValueKind.String)
            {
                text.Append(text.Length == 0 ? "" : "\n").Append(part.GetString());
            }
        }
        return text.ToString();
    }

    /// <summary>An MCP tool reports its own failure in its result (<c>isError</c>) rather than by throwing.</summary>
    public static bool IsMcpError(object? result) =>
        result is JsonElement { ValueKind: JsonValueKind.Object } e && e.TryGetProperty("isError", out var isError) && isError.ValueKind == JsonValueKind.True;
}
