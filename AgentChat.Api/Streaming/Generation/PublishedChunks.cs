using System.Text;
using AgentChat.Api.Streaming.Chunks;
using AgentChat.Contracts;

namespace AgentChat.Api.Streaming.Generation;

/// <summary>
/// Every chunk an answer has published, kept so the log can be rewritten if Redis loses it, in a
/// compact form: the text of all deltas in one buffer with each chunk's end and kind, and only the
/// rare tool and usage events as chunks. A list of the chunks themselves cost about 150 bytes a
/// chunk (30 KB for a 200-token answer), the largest share of a stream's live memory that was
/// ours (issue 11); this costs the text and about 24 bytes a chunk. Chunk n is sequence n.
/// Written by the publish loop, read by the log guard: hence the lock (never contended in practice).
/// </summary>
internal sealed class PublishedChunks(AnswerChunks answer)
{
    private readonly StringBuilder _text = new();
    private readonly List<(int End, string Kind, MessageChunk? Event)> _parts = [];

    public void Add(MessageChunk chunk)
    {
        lock (_parts)
        {
            if (chunk.Sequence != _parts.Count + 1)
            {
                throw new InvalidOperationException($"Chunk {chunk.Sequence} published after {_parts.Count}.");
            }
            var delta = chunk.Kind switch
            {
                ChunkKind.Text => chunk.Chunk,
                ChunkKind.Reasoning => chunk.Reasoning,
                _ => null
            };
            if (delta is null || chunk.IsComplete || chunk.Tool is not null || chunk.Usage is not null)
            {
                _parts.Add((_text.Length, chunk.Kind, chunk));
                return;
            }
            _text.Append(delta);
            _parts.Add((_text.Length, chunk.Kind, null));
        }
    }

    /// <summary>The chunks as they were published, rebuilt.</summary>
    public IReadOnlyList<MessageChunk> ToList()
    {
        lock (_parts)
        {
            return Between(1, _parts.Count);
        }
    }

    /// <summary>Chunks <paramref name="first"/> to <paramref name="last"/> (sequences, both published), rebuilt.</summary>
    public IReadOnlyList<MessageChunk> Range(long first, long last)
    {
        lock (_parts)
        {
            if (first < 1 || last > _parts.Count || last < first - 1)
            {
                throw new ArgumentOutOfRangeException(nameof(last), $"Chunks {first} to {last} of {_parts.Count} published.");
            }
            return Between((int)first, (int)last);
        }
    }

    private MessageChunk[] Between(int first, int last)
    {
        var chunks = new MessageChunk[last - first + 1];
        var start = first == 1 ? 0 : _parts[first - 2].End;
        for (var i = first - 1; i < last; i++)
        {
            var (end, kind, @event) = _parts[i];
            chunks[i - first + 1] = @event ?? answer.Delta(i + 1, kind, _text.ToString(start, end - start));
            start = end;
        }
        return chunks;
    }
}
