using System.Net.Http.Json;
using System.Text.Json;
using AgentChat.Contracts;

namespace AgentChat.Tests.Api;

public static class ApiJson
{
    public static async Task<AgentSummary[]> GetAgentsAsync(this HttpClient client) =>
        (await client.GetFromJsonAsync<AgentSummary[]>("/api/agents"))!;

    public static async Task<ConversationSummary> CreateConversationAsync(this HttpClient client, Guid? agentId = null, string? title = null)
    {
        agentId ??= (await client.GetAgentsAsync())[0].Id;
        var response = await client.PostAsJsonAsync("/api/conversations", new { agentId, title });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ConversationSummary>())!;
    }

    /// <summary>The field names of a 400 ValidationProblem, to check that an error names its field.</summary>
    public static async Task<string[]> ProblemFieldsAsync(this HttpResponseMessage response)
    {
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.TryGetProperty("errors", out var errors)
            ? errors.EnumerateObject().Select(p => p.Name).ToArray()
            : [];
    }
}
