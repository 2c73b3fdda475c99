using AgentChat.LocalServices;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AgentChat.Tests.Infrastructure;

/// <summary>
/// The real Api in-process against the shared Redis and a database of the caller's choosing, so a
/// test class can change services (a scripted model, options) without touching other classes' data.
/// With <c>kestrel</c> it listens on a real loopback port, for SignalR clients over WebSockets.
/// </summary>
public class ApiFactory : WebApplicationFactory<AgentChat.Api.ApiEntryPoint>
{
    private readonly LocalServers _servers;
    private readonly string _database;
    private readonly Action<IServiceCollection>? _configureServices;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly string _environment;

    public ApiFactory(LocalServers servers, string database, Action<IServiceCollection>? configureServices = null,
        IReadOnlyDictionary<string, string?>? settings = null, bool kestrel = false, string? adminEmail = null,
        string environment = "Testing")
    {
        _servers = servers;
        _database = database;
        _configureServices = configureServices;
        _settings = settings ?? new Dictionary<string, string?>();
        _environment = environment;
        AdminEmail = adminEmail ?? $"admin-{Guid.NewGuid():N}@agentchat.test";
        if (kestrel)
        {
            UseKestrel(0);
        }
    }

    public string AdminEmail { get; }

    /// <summary>The loopback address Kestrel listens on (starts the server).</summary>
    public Uri ServerAddress
    {
        get
        {
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            return new Uri(addresses.First().Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        builder.UseSetting("ConnectionStrings:chatdb", _servers.PostgresConnectionString(_database));
        builder.UseSetting("ConnectionStrings:redis", _servers.RedisConnectionString);
        builder.UseSetting("Identity:AdminEmails:0", AdminEmail);
        // Tests register many users from one address in a burst.
        builder.UseSetting("RateLimiting:AnonymousPermitsPerMinute", "100000");
        builder.UseSetting("RateLimiting:UserPermitsPerMinute", "100000");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        if (_configureServices is not null)
        {
            builder.ConfigureServices(_configureServices);
        }
    }
}
