using System.Net.Http.Json;
using AgentChat.Api.Agents.Tools;
using AgentChat.LocalServices;
using AgentChat.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Playwright;

namespace AgentChat.Tests.Browser;

/// <summary>
/// The whole app for a browser: the Api on a real port (shared Redis and PostgreSQL, the scripted
/// model), Web as its own process, a <see cref="TcpProxy"/> in front of Web, and Debian's Chromium
/// started once for the run. Tests isolate themselves with a fresh user each.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private ApiFactory _api = null!;
    private ChildProcess _web = null!;
    private IPlaywright _playwright = null!;

    /// <summary>A built-in tool that runs until a test releases it, so a test can act while a tool call is running.</summary>
    public const string WaitTool = "wait_for_release";
    /// <summary>An agent an admin made with <see cref="WaitTool"/> (named to sort after the seeded agents).</summary>
    public const string WaitingAgent = "Waiting Agent";

    public ScriptedChatClient Model { get; } = new();

    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes each time the wait tool starts; <see cref="ReleaseWaitTool"/> lets it answer.</summary>
    public TaskCompletionSource WaitToolStarted { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ReleaseWaitTool()
    {
        var released = _release;
        WaitToolStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        released.TrySetResult();
    }
    public LocalServers Servers { get; private set; } = null!;
    public string Database { get; } = $"browser_{Guid.NewGuid():N}";

    /// <summary>The in-process Api, which also recovers answers whose Api process was killed (fast leases).</summary>
    public Uri ApiAddress => _api.ServerAddress;
    public TcpProxy Network { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl => $"http://127.0.0.1:{Network.Port}/";
    public string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        Servers = await SharedServers.GetAsync();
        _api = new ApiFactory(Servers, Database, services =>
        {
            services.UseModel(Model);
            services.AddSingleton(new BuiltInTool(WaitTool, _ => AIFunctionFactory.Create(async (CancellationToken ct) =>
            {
                var release = _release.Task;
                WaitToolStarted.TrySetResult();
                await release.WaitAsync(ct);
                return "released";
            }, WaitTool, "Waits until the test releases it.")));
        }, StreamingFixture.FastRecovery, kestrel: true);
        var admin = await TestUser.RegisterAsync(_api.CreateClient(), _api.AdminEmail);
        (await admin.Client.PostAsJsonAsync("/api/agents", new
        {
            name = WaitingAgent,
            description = "Calls a tool that takes its time.",
            systemPrompt = "Use your tool.",
            tools = new[] { WaitTool }
        })).EnsureSuccessStatusCode();
        var (web, port) = await WebProcess.StartAsync(_api.ServerAddress);
        _web = web;
        Network = new TcpProxy(port);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"]
        });
        Directory.CreateDirectory(ScreenshotDirectory);
        Assertions.SetDefaultExpectTimeout(20_000);
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await Network.DisposeAsync();
        _web.Dispose();
        await _api.DisposeAsync();
    }

    /// <summary>Web's own output so far, for a failing test's message.</summary>
    public string WebOutput => _web.RecentOutput;
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
