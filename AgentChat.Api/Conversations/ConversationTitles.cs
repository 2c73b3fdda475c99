using System.Text;

namespace AgentChat.Api.Conversations;

/// <summary>
/// A conversation's name. It starts as "Chat with {agent}" unless the creator named it; its first
/// message replaces that default at once with a provisional title; after the first answer a real
/// model may suggest a better one (<see cref="TitleGenerator"/>); the owner may rename it.
/// </summary>
public static class ConversationTitles
{
    /// <summary>Long enough to recognise a conversation by in a list; <see cref="TitleOptions.MaxLength"/> is the default.</summary>
    public const int ProvisionalMaxLength = 60;

    /// <summary>What a default title starts with; the turn's SQL (<see cref="TurnStore"/>) recognises one by it.</summary>
    public const string DefaultPrefix = "Chat with ";

    public static string DefaultFor(string agentName) => DefaultPrefix + agentName;

    /// <summary>The first line of a message, spaces collapsed, cut at a word near the limit.</summary>
    public static string FromText(string text, int maxLength = ProvisionalMaxLength)
    {
        var line = text.Trim().Split('\n', 2)[0];
        var collapsed = new StringBuilder();
        foreach (var word in line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            collapsed.Append(collapsed.Length == 0 ? "" : " ").Append(word);
        }
        var title = collapsed.ToString().Trim('"', '\'', '*', '#', ' ');
        if (title.Length == 0)
        {
            return "New conversation";
        }
        if (title.Length <= maxLength)
        {
            return title;
        }
        var cut = title.LastIndexOf(' ', maxLength - 1);
        return title[..(cut > maxLength / 2 ? cut : maxLength - 1)].TrimEnd() + "…";
    }
}
