using System.Text.Json;
using AgentChat.Contracts;

namespace AgentChat.Api.Data;

/// <summary>How a message row holds its tool calls: a jsonb list of <see cref="ToolActivity"/>.</summary>
public static class ToolCallsJson
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string? Write(IReadOnlyList<ToolActivity> calls) => calls.Count == 0 ? null : JsonSerializer.Serialize(calls, Json);

    public static IReadOnlyList<ToolActivity>? Read(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<List<ToolActivity>>(json, Json);
}
