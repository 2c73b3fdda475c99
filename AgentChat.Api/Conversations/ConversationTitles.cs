using System.Text;
using Npgsql;

namespace AgentChat.Api.Conversations;

/// <summary>
/// A conversation's name. It starts as "Chat with {agent}" unless the creator named it; its first
/// message replaces that default at once with a provisional title; after the first answer a real
/// model may suggest a better one (<see cref="TitleGenerator"/>); the owner may rename it.
/// </summary>
public static class ConversationTitles
{
    public const string ProvisionalColumn = "provisional_title";

    /// <summary>Long enough to recognise a conversation by in a list; <see cref="TitleOptions.MaxLength"/> is the default.</summary>
    public const int ProvisionalMaxLength = 60;

    public static string DefaultFor(string agentName) => $"Chat with {agentName}";

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

    /// <summary>
    /// Run inside the turn's transaction, before the question is inserted: a conversation that has
    /// no message yet and still carries its default title takes one from this first message. Returns
    /// a row (column <see cref="ProvisionalColumn"/>) only when it did.
    /// </summary>
    public static NpgsqlBatchCommand ProvisionalTitleCommand(Guid conversationId, string defaultTitle, string firstMessage) =>
        new($"""
            UPDATE conversations SET "Title" = $1
            WHERE "Id" = $2 AND "Title" = $3 AND NOT EXISTS (SELECT 1 FROM messages WHERE "ConversationId" = $2)
            RETURNING "Title" AS {ProvisionalColumn}
            """)
        {
            Parameters = { new() { Value = FromText(firstMessage) }, new() { Value = conversationId }, new() { Value = defaultTitle } }
        };
}
