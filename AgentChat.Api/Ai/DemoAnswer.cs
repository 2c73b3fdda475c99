using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace AgentChat.Api.Ai;

/// <summary>
/// The demo model's answer to a question: a heading, a list, a paragraph and a code block built
/// from the question's own words, padded to the configured length. Same question, same answer.
/// </summary>
public static partial class DemoAnswer
{
    private static readonly string[] Filler =
    [
        "streaming", "answers", "arrive", "token", "by", "token,", "so", "you", "can", "follow", "along",
        "while", "the", "agent", "is", "still", "thinking.", "This", "is", "the", "demo", "model:",
        "configure", "a", "real", "one", "in", "the", "AI", "settings."
    ];

    // Shared by every answer: a filler token is one of these strings, not a new one per token
    // (an answer in flight holds its whole token list).
    private static readonly string[] FillerTokens = [.. Filler.Select(word => word + " ")];

    /// <summary>The answer as tokens: each a word with the whitespace that follows it.</summary>
    public static IReadOnlyList<string> Tokens(string question, int responseTokens)
    {
        var words = TopicWords(question);
        var topic = words.Count == 0 ? "your question" : string.Join(' ', words.Take(4));

        var head = new StringBuilder()
            .Append("## About ").Append(topic).Append("\n\n")
            .Append("Here is a demo answer, written by the built-in demo model.\n\n");
        foreach (var word in words.DefaultIfEmpty("question").Take(3))
        {
            head.Append("- **").Append(word).Append("**: a point worth making\n");
        }
        head.Append('\n');
        var tail = new StringBuilder()
            .Append("\n\n```csharp\nvar topic = \"").Append(topic.Replace("\"", "'")).Append("\";\nConsole.WriteLine(topic);\n```\n\n")
            .Append("That is all for this demo.");

        var headTokens = Split(head.ToString());
        var tailTokens = Split(tail.ToString());
        var fillerCount = Math.Max(0, responseTokens - headTokens.Count - tailTokens.Count);
        var filler = Enumerable.Range(0, fillerCount).Select(i => FillerTokens[i % FillerTokens.Length]).ToList();
        if (filler.Count > 0)
        {
            filler[^1] = Filler[(filler.Count - 1) % Filler.Length];
        }
        else
        {
            tailTokens[0] = tailTokens[0].TrimStart('\n'); // no paragraph between list and code
        }
        return [.. headTokens, .. filler, .. tailTokens];
    }

    /// <summary>The demo model's reasoning before it answers, as tokens; it says which tool it will call, if any.</summary>
    public static IReadOnlyList<string> Thoughts(string question, string? tool)
    {
        var words = TopicWords(question);
        var topic = words.Count == 0 ? "something general" : string.Join(' ', words.Take(4));
        var plan = tool is null
            ? "No tools needed; I will answer from what I know."
            : $"I should not guess: I will call the {tool} tool first and use its result.";
        return Split($"The user asks about {topic}. {plan} Then a heading, a few points and a short example, in Markdown.");
    }

    /// <summary>The answer, opened with what the tools returned when the model called any.</summary>
    public static IReadOnlyList<string> WithToolResults(IReadOnlyList<FunctionResultContent> results, IReadOnlyList<ChatMessage> prompt,
        IReadOnlyList<string> answer)
    {
        if (results.Count == 0)
        {
            return answer;
        }
        var names = prompt.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToDictionary(c => c.CallId, c => c.Name);
        var intro = new StringBuilder();
        foreach (var result in results)
        {
            var text = (result.Result?.ToString() ?? "").ReplaceLineEndings(" ").Replace("`", "'");
            intro.Append("I asked the **").Append(names.GetValueOrDefault(result.CallId, "tool")).Append("** tool: `")
                .Append(text.Length > 200 ? text[..200] + "…" : text).Append("`.\n\n");
        }
        return [.. Split(intro.ToString()), .. answer];
    }

    private static List<string> TopicWords(string question) =>
        WordPattern().Matches(question).Select(m => m.Value.ToLowerInvariant())
            .Where(w => w.Length > 3).Distinct().Take(6).ToList();

    private static List<string> Split(string text) => TokenPattern().Matches(text).Select(m => m.Value).ToList();

    [GeneratedRegex(@"\p{L}[\p{L}\p{Nd}'-]*")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"\s*\S+\s*")]
    private static partial Regex TokenPattern();
}
