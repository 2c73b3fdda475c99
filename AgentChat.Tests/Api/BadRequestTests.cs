using System.Net;
using System.Text;
using System.Text.Json;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Api;

/// <summary>Malformed request bodies are a 400 ProblemDetails that says what is wrong, in every environment.</summary>
public sealed class BadRequestTests
{
    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task Malformed_bodies_are_400_problems_that_say_what_is_wrong(string environment)
    {
        var servers = await SharedServers.GetAsync();
        await using var host = new ApiFactory(servers, $"badrequest_{Guid.NewGuid():N}", environment: environment);
        var user = await TestUser.RegisterAsync(host.CreateClient());

        await AssertProblem(await Post(user.Client, "{\"agentId\": "), "not valid JSON");
        await AssertProblem(await Post(user.Client, "[1, 2]"), "not valid JSON");
        await AssertProblem(await Post(user.Client, "{\"agentId\": 42}"), "agentId");
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, string body) =>
        client.PostAsync("/api/conversations", new StringContent(body, Encoding.UTF8, "application/json"));

    private static async Task AssertProblem(HttpResponseMessage response, string expected)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        Assert.Contains(expected, body);
        Assert.DoesNotContain("   at ", body); // no stack trace
    }
}
