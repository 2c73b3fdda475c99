namespace AgentChat.Web.Client.Markdown;

/// <summary>The code inside a fenced block, for its "Copy code" button.</summary>
public static class CodeBlocks
{
    /// <summary>The lines between the fences when <paramref name="block"/> is one fenced code block; otherwise null.</summary>
    public static string? CodeOf(string block)
    {
        var lines = block.Replace("\r\n", "\n").Split('\n');
        var opening = lines[0].TrimStart();
        if (!opening.StartsWith("```", StringComparison.Ordinal) && !opening.StartsWith("~~~", StringComparison.Ordinal))
        {
            return null;
        }
        var fence = opening[..3];
        var closed = lines.Length > 1 && lines[^1].TrimStart().StartsWith(fence, StringComparison.Ordinal);
        var body = lines.Skip(1).Take(lines.Length - (closed ? 2 : 1));
        return string.Join('\n', body);
    }
}
