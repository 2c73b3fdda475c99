using System.Diagnostics;

namespace AgentChat.Tests.Infrastructure;

/// <summary>
/// The Api as a real, separate process (the build the tests were made with), for what an
/// in-process host cannot do: die without a chance to clean up.
/// </summary>
public sealed class ApiProcess : IDisposable
{
    private readonly ServerProcess _process;

    private ApiProcess(ServerProcess process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<ApiProcess> StartAsync(SharedServers servers, string database, IReadOnlyDictionary<string, string?> settings)
    {
        var port = SharedServers.FreePort();
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var dll = Path.Combine(RepositoryRoot.Path, "AgentChat.Api", "bin", configuration, "net10.0", "AgentChat.Api.dll");
        var environment = new Dictionary<string, string?>(settings)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ConnectionStrings__chatdb"] = servers.PostgresConnectionString(database),
            ["ConnectionStrings__redis"] = servers.RedisConnectionString,
            ["RateLimiting__AnonymousPermitsPerMinute"] = "100000",
            ["RateLimiting__UserPermitsPerMinute"] = "100000"
        };
        var process = ServerProcess.Start("dotnet", environment, dll);
        var api = new ApiProcess(process, new Uri($"http://127.0.0.1:{port}"));
        using var http = new HttpClient();
        await process.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(60), async () =>
            (await http.GetAsync(new Uri(api.Address, "/health"))).IsSuccessStatusCode);
        return api;
    }

    /// <summary>SIGKILL: no shutdown hooks, no final chunk, no database write. A crash.</summary>
    public void Kill() => _process.Stop();

    public void Dispose() => _process.Dispose();
}
