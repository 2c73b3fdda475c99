using System.Text.RegularExpressions;
using AgentChat.Api.Agents.Tools;
using Microsoft.Extensions.AI;

namespace AgentChat.Api.Ai;

/// <summary>
/// Which tool the demo model asks for, drawn from the question and the tools it was given: a
/// calculation it finds in the question, else a search when the question looks back, else the
/// time. Deterministic: same question and tools, same call.
/// </summary>
public static partial class DemoToolPlan
{
    public const string CallId = "demo_call_1";

    public static FunctionCallContent? For(string question, IList<AITool>? tools)
    {
        var names = tools?.Select(t => t.Name).ToHashSet() ?? [];
        if (names.Contains(BuiltInTools.Calculate) && Arithmetic().Match(question) is { Success: true } sum)
        {
            return Call(BuiltInTools.Calculate, new() { ["expression"] = sum.Value.Trim() });
        }
        if (names.Contains(BuiltInTools.SearchConversations) && LooksBack().IsMatch(question))
        {
            var words = Words().Matches(question).Select(m => m.Value).Where(w => w.Length > 3 && !LooksBack().IsMatch(w)).Take(3);
            return Call(BuiltInTools.SearchConversations, new() { ["query"] = string.Join(' ', words) });
        }
        return names.Contains(BuiltInTools.CurrentTime) ? Call(BuiltInTools.CurrentTime, []) : null;
    }

    private static FunctionCallContent Call(string name, Dictionary<string, object?> arguments) => new(CallId, name, arguments);

    [GeneratedRegex(@"[-(]*\s*\d+(\.\d+)?\s*\)*(\s*[-+*/^]\s*[-(]*\s*\d+(\.\d+)?\s*\)*)+")]
    private static partial Regex Arithmetic();

    [GeneratedRegex(@"\b(earlier|before|remember|previous|last time|search)\b", RegexOptions.IgnoreCase)]
    private static partial Regex LooksBack();

    [GeneratedRegex(@"\p{L}[\p{L}\p{Nd}'-]*")]
    private static partial Regex Words();
}
