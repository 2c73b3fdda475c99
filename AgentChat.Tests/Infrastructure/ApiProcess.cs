using System.Diagnostics;
using AgentChat.LocalServices;

namespace AgentChat.Tests.Infrastructure;

/// <summary>
/// The Api as a real, separate process (the build the tests were made with), for what an
/// in-process host cannot do: die without a chance to clean up.
/// </summary>
public sealed class ApiProcess : IDisposable
{
    private readonly ChildProcess _process;

    private ApiProcess(ChildProcess process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<ApiProcess> StartAsync(SharedServers servers, string database, IReadOnlyDictionary<string, string?> settings)
    {
        var port = FreePort.Next();
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var dll = Path.Combine(RepositoryRoot.Path, "AgentChat.Api", "bin", configuration, "net10.0", "AgentChat.Api.dll");
        var environment = new Dictionary<string, string>(settings.Where(s => s.Value is not null).ToDictionary(s => s.Key, s => s.Value!))
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ConnectionStrings__chatdb"] = servers.PostgresConnectionString(database),
            ["ConnectionStrings__redis"] = servers.RedisConnectionString,
            ["RateLimiting__AnonymousPermitsPerMinute"] = "100000",
            ["RateLimiting__UserPermitsPerMinute"] = "100000"
        };
        var process = ChildProcess.Start("dotnet", [dll], environment);
        var api = new ApiProcess(process, new Uri($"http://127.0.0.1:{port}"));
        using var http = new HttpClient();
        await process.WaitUntilReadyAsync(port, TimeSpan.FromSeconds(60), async () =>
            (await http.GetAsync(new Uri(api.Address, "/health"))).IsSuccessStatusCode);
        return api;
    }

    /// <summary>SIGKILL: no shutdown hooks, no final chunk, no database write. A crash.</summary>
    public void Kill() => _process.Kill();

    public void Dispose() => _process.Dispose();
}
