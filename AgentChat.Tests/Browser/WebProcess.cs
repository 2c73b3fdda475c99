using AgentChat.LocalServices;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Browser;

/// <summary>
/// AgentChat.Web as its own process, built beside the tests in the same configuration, proxying
/// to the Api the test hosts. Development environment so it serves the WebAssembly client straight
/// from the build output, as <c>dotnet run</c> does.
/// </summary>
public static class WebProcess
{
    public static async Task<(ChildProcess Process, int Port)> StartAsync(Uri apiAddress)
    {
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar))!);
        var output = Path.Combine(RepositoryRoot.Path, "AgentChat.Web", "bin", configuration, "net10.0");
        var dll = Path.Combine(output, "AgentChat.Web.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("Build AgentChat.Web first (the test project builds it).", dll);
        }
        var port = FreePort.Next();
        var process = ChildProcess.Start("dotnet",
        [
            dll,
            "--urls", $"http://127.0.0.1:{port}",
            "--environment", "Development",
            "--contentRoot", output,
            "--ApiProxy:Address", apiAddress.ToString().TrimEnd('/'),
            "--Logging:LogLevel:Default", "Warning"
        ]);
        await process.WaitUntilReadyAsync(port, TimeSpan.FromSeconds(60));
        return (process, port);
    }
}
