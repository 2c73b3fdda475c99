using System.Diagnostics;
using System.Text.Json;
using AgentChat.LocalServices;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.AppHost;

public sealed class ManifestTests
{
    [Fact]
    public async Task The_published_manifest_names_redis_postgres_chatdb_api_and_web()
    {
        var output = Path.Combine(Path.GetTempPath(), $"agentchat-manifest-{Guid.NewGuid():N}.json");
        // The AppHost the tests were built with, run as `dotnet run --project AgentChat.AppHost -- ...` would.
        var appHost = Path.Combine(AppContext.BaseDirectory, "AgentChat.AppHost.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { appHost, "--publisher", "manifest", "--output-path", output },
            WorkingDirectory = Path.Combine(RepositoryRoot.Path, "AgentChat.AppHost"),
            RedirectStandardOutput = true,
            RedirectStandardError = true
        };
        using var process = Process.Start(info)!;
        var log = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, log);
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(output));
        var resources = manifest.RootElement.GetProperty("resources");
        Assert.Equal("container.v0", resources.GetProperty("redis").GetProperty("type").GetString());
        Assert.Equal("container.v0", resources.GetProperty("postgres").GetProperty("type").GetString());
        Assert.Equal("value.v0", resources.GetProperty("chatdb").GetProperty("type").GetString());
        Assert.Equal("project.v0", resources.GetProperty("api").GetProperty("type").GetString());
        Assert.Equal("project.v0", resources.GetProperty("web").GetProperty("type").GetString());
        var apiEnv = resources.GetProperty("api").GetProperty("env");
        Assert.True(apiEnv.TryGetProperty("ConnectionStrings__redis", out _));
        Assert.True(apiEnv.TryGetProperty("ConnectionStrings__chatdb", out _));
        File.Delete(output);
    }
}
