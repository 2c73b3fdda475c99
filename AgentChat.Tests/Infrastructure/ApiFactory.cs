using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AgentChat.Tests.Infrastructure;

/// <summary>
/// The real Api in-process against the shared Redis and a database of its own, so a test class
/// can change services (a test chat client, options) without touching other classes' data.
/// </summary>
public class ApiFactory(SharedServers servers, string database, Action<IServiceCollection>? configureServices = null,
    IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<AgentChat.Api.ApiEntryPoint>
{
    public string AdminEmail { get; } = $"admin-{Guid.NewGuid():N}@agentchat.test";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:chatdb", servers.PostgresConnectionString(database));
        builder.UseSetting("ConnectionStrings:redis", servers.RedisConnectionString);
        builder.UseSetting("Identity:AdminEmails:0", AdminEmail);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
        if (configureServices is not null)
        {
            builder.ConfigureServices(configureServices);
        }
    }
}
