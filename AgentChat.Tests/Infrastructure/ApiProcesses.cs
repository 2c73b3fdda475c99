using AgentChat.LocalServices;

namespace AgentChat.Tests.Infrastructure;

/// <summary>The Api as a separate process (<see cref="ApiProcess"/>) on the shared servers, set up as the tests set up every Api.</summary>
public static class ApiProcesses
{
    public static Task<ApiProcess> StartAsync(LocalServers servers, string database, IReadOnlyDictionary<string, string> settings)
    {
        var all = new Dictionary<string, string>
        {
            ["ConnectionStrings:chatdb"] = servers.PostgresConnectionString(database),
            ["ConnectionStrings:redis"] = servers.RedisConnectionString,
            // Tests register many users from one address in a burst.
            ["RateLimiting:AnonymousPermitsPerMinute"] = "100000",
            ["RateLimiting:UserPermitsPerMinute"] = "100000"
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }
        return ApiProcess.StartAsync(all, "Testing");
    }
}
