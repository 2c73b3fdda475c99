using System.Text;

namespace AgentChat.Api.Common;

/// <summary>
/// Makes model output storable in PostgreSQL, which cannot hold U+0000 in text and (through
/// Npgsql's strict UTF-8) no unpaired surrogate: NULs are dropped and lone surrogates become
/// U+FFFD. Text arrives in pieces, so a high surrogate at the end of one piece waits for the next.
/// </summary>
public sealed class StorableText
{
    private char? _pendingHigh;

    /// <summary>Whether <paramref name="text"/> could be stored as it is.</summary>
    public static bool IsStorable(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                return false;
            }
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A whole text, cleaned.</summary>
    public static string Clean(string text)
    {
        if (IsStorable(text))
        {
            return text;
        }
        var cleaner = new StorableText();
        return cleaner.Next(text) + cleaner.Flush();
    }

    /// <summary>The next piece, cleaned; may hold back a trailing high surrogate until the next piece or <see cref="Flush"/>.</summary>
    public string Next(string piece)
    {
        if (_pendingHigh is null && IsStorable(piece) && (piece.Length == 0 || !char.IsHighSurrogate(piece[^1])))
        {
            return piece;
        }
        var output = new StringBuilder(piece.Length + 1);
        var pending = _pendingHigh;
        _pendingHigh = null;
        foreach (var c in piece)
        {
            if (pending is { } high)
            {
                pending = null;
                if (char.IsLowSurrogate(c))
                {
                    output.Append(high).Append(c);
                    continue;
                }
                output.Append('\uFFFD');
            }
            if (c == '\0')
            {
                continue;
            }
            if (char.IsHighSurrogate(c))
            {
                pending = c;
            }
            else
            {
                output.Append(char.IsLowSurrogate(c) ? '\uFFFD' : c);
            }
        }
        _pendingHigh = pending;
        return output.ToString();
    }

    /// <summary>What is still held back at the end: a lone high surrogate, as U+FFFD.</summary>
    public string Flush()
    {
        var pending = _pendingHigh;
        _pendingHigh = null;
        return pending is null ? "" : "\uFFFD";
    }
}
