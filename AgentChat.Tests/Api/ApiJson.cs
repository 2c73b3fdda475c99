using System.Net.Http.Json;
using System.Text.Json;

namespace AgentChat.Tests.Api;

public sealed record AgentDto(Guid Id, string Name, string Description, string? Model);

public sealed record ConversationDto(Guid Id, Guid AgentId, string Title, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record MessageDto(Guid Id, string Role, Guid? AgentId, string Content, string Status,
    DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, int? TimeToFirstTokenMs, string? Model, string? Error, long LastSequence);

public static class ApiJson
{
    public static async Task<AgentDto[]> GetAgentsAsync(this HttpClient client) =>
        (await client.GetFromJsonAsync<AgentDto[]>("/api/agents"))!;

    public static async Task<ConversationDto> CreateConversationAsync(this HttpClient client, Guid? agentId = null, string? title = null)
    {
        agentId ??= (await client.GetAgentsAsync())[0].Id;
        var response = await client.PostAsJsonAsync("/api/conversations", new { agentId, title });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ConversationDto>())!;
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
