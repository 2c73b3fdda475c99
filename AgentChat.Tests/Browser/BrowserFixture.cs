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

    public ScriptedChatClient Model { get; } = new();
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
        }, StreamingFixture.FastRecovery, kestrel: true);
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
