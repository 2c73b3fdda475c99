using System.Text;
using System.Text.Json;
using AgentChat.Api.Agents.Tools;
using AgentChat.Api.Common;
using AgentChat.Api.Data;
using AgentChat.Contracts;
using Microsoft.Extensions.AI;

namespace AgentChat.Api.Streaming.Generation;

/// <summary>
/// Sorts what the model streams into the answer's parts (text, reasoning, tool calls, usage),
/// turning each into what the publisher sends, and keeps the totals for the stored message.
/// Everything from the model or a tool is bounded here, and made storable (<see cref="StorableText"/>:
/// no NUL, no unpaired surrogate) before it becomes a chunk: it is untrusted.
/// </summary>
public sealed class AnswerParts(long requestedAt, TimeProvider time, int maxToolResultChars)
{
    private readonly StringBuilder _content = new();
    private readonly StringBuilder _reasoning = new();
    private readonly StorableText _storableText = new();
    private readonly StorableText _storableReasoning = new();
    private readonly List<ToolActivity> _tools = [];
    private readonly Dictionary<string, long> _toolStarted = [];
    private long _input, _output, _total;
    private bool _hasUsage;
    private long? _firstReasoning, _firstText, _firstOutput;

    public string Content => _content.ToString();

    /// <summary>Takes in what the update carries, and adds to <paramref name="arrivals"/> what is to be published of it.</summary>
    public void Add(ChatResponseUpdate update, long now, List<TokenArrival> arrivals)
    {
        // By index: a foreach over the IList would allocate an enumerator for every update.
        var contents = update.Contents;
        for (var i = 0; i < contents.Count; i++)
        {
            TokenArrival? arrival = contents[i] switch
            {
                TextReasoningContent { Text.Length: > 0 } r => _storableReasoning.Next(r.Text) is { Length: > 0 } thought ? Reasoning(thought, now) : null,
                TextContent { Text.Length: > 0 } t => _storableText.Next(t.Text) is { Length: > 0 } text ? Text(text, now) : null,
                FunctionCallContent call => ToolStarted(call, now),
                FunctionResultContent result => ToolEnded(result, now),
                UsageContent usage => Usage(usage.Details, now),
                _ => null
            };
            if (arrival is { } a)
            {
                _firstOutput ??= a.Kind == ChunkKind.Usage ? null : now;
                arrivals.Add(a);
            }
        }
    }

    public IReadOnlyList<TokenArrival> EndRunningTools(long now) => _tools.Where(t => t.Status == ToolStatus.Running).ToList()
        .Select(t => ToolEnded(new FunctionResultContent(t.CallId, new ToolFailure(ToolFailure.Ended)), now)).ToList();

    /// <summary>A call the answer ended during (stop, failure, a dead owner) is stored failed, not running.</summary>
    public static ToolActivity EndedIfRunning(ToolActivity tool) =>
        tool.Status == ToolStatus.Running ? tool with { Status = ToolStatus.Failed, Result = ToolFailure.Ended } : tool;

    public ModelResult Result(MessageStatus status, string? error, string? model)
    {
        // A high surrogate held back for a low one that never came ends as U+FFFD.
        _content.Append(_storableText.Flush());
        _reasoning.Append(_storableReasoning.Flush());
        var end = _firstText ?? time.GetTimestamp();
        int? reasoningMs = _firstReasoning is { } r ? (int)Math.Round(time.GetElapsedTime(r, end).TotalMilliseconds) : null;
        var usage = _hasUsage ? new TokenUsage(_input, _output, _total) : null;
        return new ModelResult(Content, status, error, Since(_firstText), model,
            new AnswerDetails(_reasoning.ToString(), reasoningMs, _tools.ToList(), usage), Since(_firstOutput));
    }

    private TimeSpan? Since(long? timestamp) => timestamp is { } t ? time.GetElapsedTime(requestedAt, t) : null;

    private TokenArrival Text(string text, long now)
    {
        _firstText ??= now;
        _content.Append(text);
        return new TokenArrival(text, now);
    }

    private TokenArrival Reasoning(string text, long now)
    {
        _firstReasoning ??= now;
        _reasoning.Append(text);
        return new TokenArrival(text, now, ChunkKind.Reasoning);
    }

    private TokenArrival ToolStarted(FunctionCallContent call, long now)
    {
        var arguments = call.Arguments is null ? null : Storable(JsonSerializer.Serialize(call.Arguments, ToolText.ReadableJson), maxToolResultChars);
        var tool = new ToolActivity(Storable(call.CallId, 200), Storable(call.Name, 200), arguments, ToolStatus.Running);
        _toolStarted[tool.CallId] = now;
        Upsert(tool);
        return new TokenArrival("", now, ChunkKind.ToolCall, tool);
    }

    private TokenArrival ToolEnded(FunctionResultContent result, long now)
    {
        var callId = Storable(result.CallId, 200);
        var started = _tools.FirstOrDefault(t => t.CallId == callId);
        var failed = result.Exception is not null || result.Result is ToolFailure;
        var text = result.Result switch
        {
            ToolFailure failure => failure.Error,
            _ when result.Exception is not null => ToolFailure.Generic,
            var value => StorableText.Clean(ToolText.Describe(value, maxToolResultChars))
        };
        int? duration = _toolStarted.TryGetValue(callId, out var at) ? (int)time.GetElapsedTime(at, now).TotalMilliseconds : null;
        var tool = new ToolActivity(callId, started?.Name ?? "tool", started?.Arguments,
            failed ? ToolStatus.Failed : ToolStatus.Completed, text, duration);
        Upsert(tool);
        return new TokenArrival("", now, ChunkKind.ToolResult, tool);
    }

    /// <summary>Each round of tool calls is a request of its own with its own usage: the answer costs their sum.</summary>
    private TokenArrival Usage(UsageDetails details, long now)
    {
        _hasUsage = true;
        _input += details.InputTokenCount ?? 0;
        _output += details.OutputTokenCount ?? 0;
        _total += details.TotalTokenCount ?? (details.InputTokenCount ?? 0) + (details.OutputTokenCount ?? 0);
        return new TokenArrival("", now, ChunkKind.Usage, Usage: new TokenUsage(_input, _output, _total));
    }

    private static string Storable(string text, int maxChars) => StorableText.Clean(ToolText.Bound(text, maxChars));

    private void Upsert(ToolActivity tool)
    {
        var index = _tools.FindIndex(t => t.CallId == tool.CallId);
        if (index < 0)
        {
            _tools.Add(tool);
        }
        else
        {
            _tools[index] = tool;
        }
    }
}
