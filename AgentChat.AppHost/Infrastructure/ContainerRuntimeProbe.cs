using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace AgentChat.AppHost.Infrastructure;

/// <summary>
/// Asks the container runtime Aspire would use (<c>ASPIRE_CONTAINER_RUNTIME</c>, else docker)
/// whether its engine answers. A client binary without an engine, as on a CI box, says no.
/// </summary>
public static class ContainerRuntimeProbe
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static bool Answers(IConfiguration config)
    {
        var runtime = config["ASPIRE_CONTAINER_RUNTIME"];
        if (string.IsNullOrWhiteSpace(runtime))
        {
            runtime = "docker";
        }
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, "info")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false
            });
            if (process is null)
            {
                return false;
            }
            process.StandardOutput.ReadToEndAsync();
            process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Patience))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
