using System.Net;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Api;

public sealed class RateLimitTests
{
    [Fact]
    public async Task A_user_over_the_rest_rate_limit_gets_429_with_retry_after_and_other_users_are_unaffected()
    {
        var servers = await SharedServers.GetAsync();
        await using var host = new ApiFactory(servers, $"ratelimit_{Guid.NewGuid():N}",
            settings: new Dictionary<string, string?> { ["RateLimiting:UserPermitsPerMinute"] = "3" });
        var greedy = await TestUser.RegisterAsync(host.CreateClient());
        var patient = await TestUser.RegisterAsync(host.CreateClient());

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await greedy.Client.GetAsync("/api/agents")).StatusCode);
        }
        var limited = await greedy.Client.GetAsync("/api/conversations");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, (await patient.Client.GetAsync("/api/agents")).StatusCode);
    }
}
