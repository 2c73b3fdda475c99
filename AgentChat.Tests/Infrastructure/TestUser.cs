using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace AgentChat.Tests.Infrastructure;

/// <summary>A freshly registered user with a client that sends their bearer token.</summary>
public sealed record TestUser(string Email, string AccessToken, HttpClient Client)
{
    public const string Password = "Correct-horse-9";

    public static async Task<TestUser> RegisterAsync(HttpClient client, string? email = null)
    {
        email ??= $"user-{Guid.NewGuid():N}@agentchat.test";
        var register = await client.PostAsJsonAsync("/api/auth/register", new { email, password = Password });
        register.EnsureSuccessStatusCode();
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password = Password });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<LoginResponse>())!.AccessToken;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new TestUser(email, token, client);
    }

    private sealed record LoginResponse(string AccessToken);
}
