using System.Text.Json;
using AgentChat.Api.Data;
using Microsoft.Extensions.AI;

namespace AgentChat.Api.Conversations;

/// <summary>
/// An earlier message as the model gets it on a later turn: the question, or the answer's tool
/// calls and their results (in Microsoft.Extensions.AI form) followed by its text. Earlier
/// reasoning is dropped: most providers ignore or refuse it, and it would cost tokens every turn
/// (docs/streaming-protocol.md says why).
/// </summary>
public static class HistoryPrompt
{
    public static IEnumerable<ChatMessage> Messages(MessageRole role, string content, string? toolCallsJson)
    {
        if (role == MessageRole.User)
        {
            yield return new ChatMessage(ChatRole.User, content);
            yield break;
        }
        var calls = (ToolCallsJson.Read(toolCallsJson) ?? []).Where(c => c.Result is not null).ToList();
        if (calls.Count > 0)
        {
            yield return new ChatMessage(ChatRole.Assistant,
                calls.Select(c => (AIContent)new FunctionCallContent(c.CallId, c.Name, Arguments(c.Arguments))).ToList());
            yield return new ChatMessage(ChatRole.Tool,
                calls.Select(c => (AIContent)new FunctionResultContent(c.CallId, c.Result)).ToList());
        }
        if (content.Length > 0)
        {
            yield return new ChatMessage(ChatRole.Assistant, content);
        }
    }

    /// <summary>Arguments were stored bounded: ones cut short are no longer JSON, and go back empty.</summary>
    private static Dictionary<string, object?> Arguments(string? json)
    {
        try
        {
            return json is null ? [] : JsonSerializer.Deserialize<Dictionary<string, object?>>(json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
