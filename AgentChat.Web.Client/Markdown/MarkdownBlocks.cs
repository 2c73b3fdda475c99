namespace AgentChat.Web.Client.Markdown;

/// <summary>
/// Splits a growing answer into top-level markdown blocks at blank lines, except inside a fenced
/// code block or before indented continuation lines. Every block but the last is finished, so the
/// view renders it once and keeps its DOM while only the last block grows.
/// </summary>
public static class MarkdownBlocks
{
    public static IReadOnlyList<string> Split(string markdown)
    {
        var blocks = new List<string>();
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        var current = new List<string>();
        string? fence = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.TrimStart();
            if (fence is null && (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal)))
            {
                fence = trimmed[..3];
            }
            else if (fence is not null && trimmed.StartsWith(fence, StringComparison.Ordinal))
            {
                fence = null;
            }
            else if (fence is null && line.Trim().Length == 0 && current.Count > 0 && !ContinuesIndented(lines, i))
            {
                blocks.Add(string.Join('\n', current));
                current.Clear();
                continue;
            }
            if (current.Count > 0 || line.Trim().Length > 0)
            {
                current.Add(line);
            }
        }
        if (current.Count > 0)
        {
            blocks.Add(string.Join('\n', current));
        }
        return blocks;
    }

    private static bool ContinuesIndented(string[] lines, int blankLine)
    {
        for (var i = blankLine + 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length > 0)
            {
                return lines[i].StartsWith(' ') || lines[i].StartsWith('\t');
            }
        }
        return false;
    }
}
