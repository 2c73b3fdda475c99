using AgentChat.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AgentChat.Api.Agents.Tools;

/// <summary>
/// The search_conversations tool: PostgreSQL full-text search over the messages of the user who
/// owns the generation (<see cref="ToolScope.UserId"/>, set by the server, never by the model),
/// outside the conversation being answered. Returns short snippets, not whole messages.
/// </summary>
public sealed class ConversationSearch(IServiceScopeFactory scopes, IOptions<ToolsOptions> options)
{
    public sealed record Hit(string Conversation, DateTimeOffset At, string Role, string Snippet);

    public async Task<IReadOnlyList<Hit>> SearchAsync(ToolScope scope, string query, CancellationToken ct)
    {
        query = ToolText.Bound(query?.Trim(), 200);
        if (query.Length == 0)
        {
            return [];
        }
        await using var services = scopes.CreateAsyncScope();
        var db = services.ServiceProvider.GetRequiredService<ChatDbContext>();
        var found = await db.Messages.AsNoTracking()
            .Where(m => m.Conversation!.OwnerId == scope.UserId && m.ConversationId != scope.ConversationId && m.Status != MessageStatus.Streaming)
            .Where(m => EF.Functions.ToTsVector("simple", m.Content).Matches(EF.Functions.PlainToTsQuery("simple", query)))
            .OrderByDescending(m => m.CreatedAt)
            .Take(options.Value.SearchResults)
            .Select(m => new { m.Conversation!.Title, m.CreatedAt, m.Role, m.Content })
            .ToListAsync(ct);
        var words = query.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return found.Select(m => new Hit(m.Title, m.CreatedAt, m.Role.ToWire(), Snippet(m.Content, words, options.Value.SnippetChars))).ToList();
    }

    /// <summary>A window of the text around the first word found.</summary>
    public static string Snippet(string text, IReadOnlyList<string> words, int chars)
    {
        var at = words.Select(w => text.IndexOf(w, StringComparison.OrdinalIgnoreCase)).Where(i => i >= 0).DefaultIfEmpty(0).Min();
        var start = Math.Max(0, Math.Min(at - chars / 4, text.Length - chars));
        var snippet = text.Substring(start, Math.Min(chars, text.Length - start)).ReplaceLineEndings(" ");
        return (start > 0 ? "…" : "") + snippet + (start + chars < text.Length ? "…" : "");
    }
}
