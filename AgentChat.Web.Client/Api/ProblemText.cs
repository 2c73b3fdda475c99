using System.Text.Json;

namespace AgentChat.Web.Client.Api;

/// <summary>Turns a ProblemDetails answer into one readable sentence.</summary>
internal static class ProblemText
{
    public static async Task<string> ReadAsync(HttpResponseMessage response)
    {
        try
        {
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            if (problem.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                var messages = errors.EnumerateObject()
                    .SelectMany(e => e.Value.EnumerateArray().Select(m => m.GetString()))
                    .Where(m => !string.IsNullOrWhiteSpace(m));
                return string.Join(" ", messages);
            }
            if (problem.RootElement.TryGetProperty("title", out var title))
            {
                return title.GetString() ?? "Something went wrong.";
            }
        }
        catch (JsonException)
        {
        }
        return $"Something went wrong ({(int)response.StatusCode}).";
    }
}
