using System.Text;
using AgentChat.Contracts;

namespace AgentChat.Api.Streaming.Chunks;

/// <summary>Folds logged chunks, in order, into what they add up to: text, reasoning, tool calls, usage.</summary>
internal sealed class LoggedMessageBuilder
{
    private readonly StringBuilder _content = new();
    private readonly StringBuilder _reasoning = new();
    private readonly List<ToolActivity> _tools = [];
    private TokenUsage? _usage;
    private string? _status;
    private string? _finalText;

    public long LastSequence { get; private set; }

    /// <summary>False once a sequence is missing: the log lost its head or a chunk.</summary>
    public bool Whole { get; private set; } = true;

    public void Add(LoggedChunk chunk)
    {
        Whole &= chunk.Sequence == LastSequence + 1;
        LastSequence = chunk.Sequence;
        if (chunk.FinalStatus is not null)
        {
            _status = chunk.FinalStatus;
            _finalText = chunk.Text;
            return;
        }
        switch (chunk.Kind)
        {
            case ChunkKind.Text: _content.Append(chunk.Text); break;
            case ChunkKind.Reasoning: _reasoning.Append(chunk.Text); break;
            case ChunkKind.Usage: _usage = chunk.Usage; break;
            case ChunkKind.ToolCall or ChunkKind.ToolResult when chunk.Tool is { } tool:
                var known = _tools.FindIndex(t => t.CallId == tool.CallId);
                if (known < 0)
                {
                    _tools.Add(tool);
                }
                else
                {
                    _tools[known] = tool;
                }
                break;
        }
    }

    public LoggedMessage Build() => new(_content.ToString(), LastSequence, _status, _finalText,
        _reasoning.ToString(), _tools.Count == 0 ? null : _tools.ToList(), _usage, Whole);
}
