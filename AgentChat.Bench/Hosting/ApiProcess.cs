using System.Reflection;
using AgentChat.Bench.Measuring;
using AgentChat.LocalServices;

namespace AgentChat.Bench.Hosting;

/// <summary>
/// The real Api as its own process (so its CPU and memory are its own in /proc), on a free
/// loopback port, configured only through environment variables.
/// </summary>
public sealed class ApiProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly ChildProcess _process;

    private ApiProcess(ChildProcess process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        Meter = new ProcessMeter(process.Id);
    }

    public Uri BaseAddress { get; }
    public ProcessMeter Meter { get; }
    public string RecentOutput => _process.RecentOutput;

    /// <summary>Settings every bench run gives the Api, before a scenario's own.</summary>
    public static IReadOnlyDictionary<string, string> CommonSettings(LocalServers servers) => new Dictionary<string, string>
    {
        ["ConnectionStrings:chatdb"] = servers.PostgresConnectionString,
        ["ConnectionStrings:redis"] = servers.RedisConnectionString,
        ["AI:Provider"] = "Demo",
        // Simulated users register and create conversations far faster than people do.
        ["RateLimiting:UserPermitsPerMinute"] = "1000000",
        ["RateLimiting:AnonymousPermitsPerMinute"] = "1000000",
        // Information-level request logs to a pipe nobody reads would be measured as pipeline cost.
        ["Logging:LogLevel:Default"] = "Warning"
    };

    public static string ApiAssemblyPath()
    {
        var configuration = typeof(ApiProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .First(a => a.Key == "Configuration").Value;
        var path = Path.Combine(RepositoryRoot.Path, "AgentChat.Api", "bin", configuration!, "net10.0", "AgentChat.Api.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the solution first.", path);
    }

    /// <param name="logPath">Where the Api's console output goes, for looking into a failure or a slow run.</param>
    public static async Task<ApiProcess> StartAsync(IReadOnlyDictionary<string, string> settings, string logPath)
    {
        var port = FreePort.Next();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var environment = settings.ToDictionary(s => s.Key.Replace(":", "__"), s => s.Value);
        environment["ASPNETCORE_URLS"] = baseAddress.ToString();
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        environment["DOTNET_ENVIRONMENT"] = "Production";

        var dll = ApiAssemblyPath();
        var process = ChildProcess.Start("dotnet", [dll], environment, Path.GetDirectoryName(dll), logPath);
        var api = new ApiProcess(process, baseAddress);
        try
        {
            using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
            await process.WaitUntilReadyAsync(port, StartTimeout, async () =>
            {
                try
                {
                    return (await http.GetAsync("/health")).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            });
            return api;
        }
        catch
        {
            api.Dispose();
            throw;
        }
    }

    public void Dispose() => _process.Dispose();
}
