using System.Net;
using System.Net.Http.Json;
using AgentChat.Contracts;
using AgentChat.Tests.Infrastructure;
using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace AgentChat.Tests.AppHost;

/// <summary>
/// The whole application as the README runs it, with Redis and PostgreSQL from the machine's
/// binaries. Slow (it builds nothing but starts four resources), so there is only one.
/// </summary>
public sealed class AppHostTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Without_containers_all_four_resources_become_healthy_and_the_api_answers_through_web()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"agentchat-apphost-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataDirectory);
        File.SetUnixFileMode(dataDirectory, (UnixFileMode)0b111_101_101);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AgentChat_AppHost>(
            ["--Infrastructure:Mode=Executables", $"--Infrastructure:DataDirectory={dataDirectory}"]);
        await using var app = await builder.BuildAsync();
        using var cts = new CancellationTokenSource(StartTimeout);

        await app.StartAsync(cts.Token);
        foreach (var resource in new[] { "redis", "postgres", "api", "web" })
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, cts.Token);
        }

        using var api = app.CreateHttpClient("api");
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/health", cts.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/agents", cts.Token)).StatusCode);

        // Through the Web front end's proxy, as a browser would: one origin for UI and Api.
        var user = await TestUser.RegisterAsync(app.CreateHttpClient("web"));
        var agents = await user.Client.GetFromJsonAsync<AgentSummary[]>("/api/agents", cts.Token);
        Assert.NotEmpty(agents!);

        await app.StopAsync(cts.Token);
        TryDelete(dataDirectory);
    }

    [Theory]
    [InlineData("--Infrastructure:Mode=Kubernetes", "Infrastructure:Mode is 'Kubernetes'; use Auto, Containers or Executables.")]
    [InlineData("--Api:Replicas=0", "Api:Replicas is '0'; use a whole number from 1 to 16.")]
    public async Task A_bad_apphost_setting_is_refused_naming_it(string argument, string expected)
    {
        var error = await Record.ExceptionAsync(() =>
            DistributedApplicationTestingBuilder.CreateAsync<Projects.AgentChat_AppHost>([argument]));

        Assert.NotNull(error);
        Assert.Contains(expected, error.ToString());
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
