namespace AgentChat.LocalServices;

/// <summary>
/// The real Api as its own process (the build the caller was made with), on a free loopback port,
/// configured only through environment variables: for what an in-process host cannot do (die
/// without a chance to clean up) and for measuring its CPU and memory on their own.
/// </summary>
public sealed class ApiProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly ChildProcess _process;

    private ApiProcess(ChildProcess process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }
    public int ProcessId => _process.Id;
    public string RecentOutput => _process.RecentOutput;

    /// <summary>AgentChat.Api.dll of the same configuration (Debug, Release) as the calling program's build.</summary>
    public static string AssemblyPath()
    {
        var release = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}");
        var path = Path.Combine(RepositoryRoot.Path, "AgentChat.Api", "bin", release ? "Release" : "Debug", "net10.0", "AgentChat.Api.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the solution first.", path);
    }

    /// <param name="settings">Configuration keys (<c>Section:Key</c>) and values.</param>
    /// <param name="environmentName">ASP.NET Core's environment.</param>
    /// <param name="logPath">Where the Api's console output goes, if anywhere.</param>
    public static async Task<ApiProcess> StartAsync(IReadOnlyDictionary<string, string> settings, string environmentName, string? logPath = null)
    {
        var port = FreePort.Next();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var environment = settings.ToDictionary(s => s.Key.Replace(":", "__"), s => s.Value);
        environment["ASPNETCORE_URLS"] = baseAddress.ToString();
        environment["ASPNETCORE_ENVIRONMENT"] = environmentName;
        environment["DOTNET_ENVIRONMENT"] = environmentName;

        var dll = AssemblyPath();
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
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
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

    /// <summary>SIGKILL: no shutdown hooks, no final chunk, no database write. A crash.</summary>
    public void Kill() => _process.Kill();

    public void Dispose() => _process.Dispose();
}
