using System.Net;
using System.Net.Http.Json;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class AuthApiTests(ApiFixture api)
{
    [Fact]
    public async Task Register_then_login_returns_a_bearer_token_that_opens_the_api()
    {
        var user = await api.NewUserAsync();

        Assert.False(string.IsNullOrWhiteSpace(user.AccessToken));
        var response = await user.Client.GetAsync("/api/conversations");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Cookie_login_signs_the_browser_in_and_logout_signs_it_out()
    {
        var client = api.Factory.CreateClient();
        var email = $"cookie-{Guid.NewGuid():N}@agentchat.test";
        (await client.PostAsJsonAsync("/api/auth/register", new { email, password = TestUser.Password })).EnsureSuccessStatusCode();

        var login = await client.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email, password = TestUser.Password });
        login.EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/conversations")).StatusCode);

        (await client.PostAsync("/api/auth/logout", null)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/conversations")).StatusCode);
    }

    [Fact]
    public async Task Wrong_password_is_refused()
    {
        var user = await api.NewUserAsync();
        var client = api.Factory.CreateClient();

        var login = await client.PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = "not-the-password-1A" });

        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
    }

    [Fact]
    public async Task Me_reports_the_user_role_for_a_new_account()
    {
        var user = await api.NewUserAsync();

        var me = await user.Client.GetFromJsonAsync<MeDto>("/api/auth/me");

        Assert.Equal(user.Email, me!.Email);
        Assert.Equal(["User"], me.Roles);
    }

    [Theory]
    [InlineData("GET", "/api/agents")]
    [InlineData("POST", "/api/agents")]
    [InlineData("GET", "/api/conversations")]
    [InlineData("POST", "/api/conversations")]
    [InlineData("GET", "/api/conversations/0190c8a4-5a34-7000-8000-000000000001/messages")]
    [InlineData("DELETE", "/api/conversations/0190c8a4-5a34-7000-8000-000000000001")]
    [InlineData("GET", "/api/auth/me")]
    public async Task Every_endpoint_answers_401_without_a_signed_in_user(string method, string path)
    {
        var client = api.Factory.CreateClient();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "POST" ? JsonContent.Create(new { }) : null
        });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private sealed record MeDto(string Email, string[] Roles);
}
