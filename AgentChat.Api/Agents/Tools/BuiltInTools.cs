using System.ComponentModel;
using System.Globalization;
using Microsoft.Extensions.AI;

namespace AgentChat.Api.Agents.Tools;

/// <summary>The tools that come with AgentChat: the time, a calculator, and a search over the user's own conversations.</summary>
public static class BuiltInTools
{
    public const string CurrentTime = "current_time";
    public const string Calculate = "calculator";
    public const string SearchConversations = "search_conversations";

    public static IServiceCollection AddBuiltInTools(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var time = sp.GetRequiredService<TimeProvider>();
            return new BuiltInTool(CurrentTime, _ => AIFunctionFactory.Create(
                () => time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z' (dddd)", CultureInfo.InvariantCulture),
                CurrentTime, "The current date and time in UTC."));
        });
        services.AddSingleton(new BuiltInTool(Calculate, _ => AIFunctionFactory.Create(
            ([Description("Arithmetic with numbers, + - * / ^ and parentheses, e.g. (2 + 3) * 4.5")] string expression) =>
                Calculator.Evaluate(expression).ToString("G15", CultureInfo.InvariantCulture),
            Calculate, "Evaluates an arithmetic expression exactly; use it for any calculation.")));
        services.AddSingleton<ConversationSearch>();
        services.AddSingleton(sp =>
        {
            var search = sp.GetRequiredService<ConversationSearch>();
            return new BuiltInTool(SearchConversations, scope => AIFunctionFactory.Create(
                ([Description("Words to look for")] string query, CancellationToken ct) => search.SearchAsync(scope, query, ct),
                SearchConversations, "Searches the user's own earlier conversations and returns short snippets with their dates."));
        });
        return services;
    }
}
