using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace AgentChat.Bench.Clients;

/// <summary>A simulated user: registers, signs in for a bearer token and creates conversations over REST.</summary>
public sealed class BenchUser
{
    private const string Password = "Bench-passw0rd-1";
    private readonly HttpClient _http;

    private BenchUser(HttpClient http, string accessToken)
    {
        _http = http;
        AccessToken = accessToken;
    }

    public string AccessToken { get; }

    public static async Task<BenchUser> RegisterAsync(HttpClient http)
    {
        var email = $"bench-{Guid.NewGuid():N}@agentchat.test";
        (await http.PostAsJsonAsync("/api/auth/register", new { email, password = Password })).EnsureSuccessStatusCode();
        var login = await http.PostAsJsonAsync("/api/auth/login", new { email, password = Password });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<LoginResponse>())!.AccessToken;
        return new BenchUser(http, token);
    }

    public async Task<Guid> FirstAgentAsync()
    {
        using var request = Authorized(HttpMethod.Get, "/api/agents");
        using var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<IdOnly[]>())![0].Id;
    }

    public async Task<Guid> CreateConversationAsync(Guid agentId)
    {
        using var request = Authorized(HttpMethod.Post, "/api/conversations");
        request.Content = JsonContent.Create(new { agentId, title = "bench" });
        using var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<IdOnly>())!.Id;
    }

    private HttpRequestMessage Authorized(HttpMethod method, string path) =>
        new(method, path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", AccessToken) } };

    private sealed record LoginResponse(string AccessToken);

    private sealed record IdOnly(Guid Id);
}
