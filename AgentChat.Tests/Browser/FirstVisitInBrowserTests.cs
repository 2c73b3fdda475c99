using System.Diagnostics;
using AgentChat.LocalServices;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AgentChat.Tests.Browser;

/// <summary>
/// Measures a first visit on loopback with an empty cache: bytes downloaded (as sent, compressed)
/// and the time until the sign-in form works. Prints the numbers and saves them beside the
/// screenshots; it asserts nothing about speed. With <c>AGENTCHAT_PUBLISHED_WEB</c> set to the
/// output of <c>dotnet publish AgentChat.Web -c Release -o DIR</c> it measures that published front
/// end (Production); otherwise the build output the other browser tests use.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FirstVisitInBrowserTests(BrowserFixture app, ITestOutputHelper output)
{
    [Fact]
    public async Task The_front_ends_download_and_time_to_an_interactive_sign_in_page_are_measured()
    {
        var published = Environment.GetEnvironmentVariable("AGENTCHAT_PUBLISHED_WEB");
        var (web, port) = published is null ? (null, 0) : await StartPublishedAsync(published);
        using var _ = web;
        var baseUrl = web is null ? app.BaseUrl : $"http://127.0.0.1:{port}/";
        await using var person = await Person.OpenAsync(app, baseUrl: baseUrl);
        var responses = new List<IResponse>();
        person.Page.Response += (_, response) => responses.Add(response);

        var clock = Stopwatch.StartNew();
        await person.Page.GotoAsync("login");
        await Expect(person.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeEnabledAsync(new() { Timeout = 60_000 });
        await person.Page.GetByLabel("Email").FillAsync("typing@works.test");
        var interactive = clock.Elapsed;
        await person.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        long bodyBytes = 0, headerBytes = 0;
        var encodings = new Dictionary<string, int>();
        foreach (var response in responses.ToList())
        {
            var sizes = await response.Request.SizesAsync();
            bodyBytes += sizes.ResponseBodySize;
            headerBytes += sizes.ResponseHeadersSize;
            var encoding = await response.HeaderValueAsync("content-encoding") ?? "none";
            encodings[encoding] = encodings.GetValueOrDefault(encoding) + 1;
        }
        var report = $"""
            First visit to the sign-in page ({(published is null ? "build output, Development" : "published, Production")}, loopback, empty cache):
            requests: {responses.Count} ({string.Join(", ", encodings.OrderByDescending(e => e.Value).Select(e => $"{e.Value} {e.Key}"))})
            downloaded: {bodyBytes / 1024.0 / 1024.0:F2} MB of bodies as sent (+ {headerBytes / 1024.0:F0} KB headers)
            interactive sign-in page after: {interactive.TotalMilliseconds:F0} ms
            """;
        output.WriteLine(report);
        await File.WriteAllTextAsync(Path.Combine(app.ScreenshotDirectory, "first-visit.txt"), report);
        Assert.NotEmpty(responses);
    }

    private async Task<(ChildProcess? Process, int Port)> StartPublishedAsync(string directory)
    {
        var port = FreePort.Next();
        var process = ChildProcess.Start("dotnet",
        [
            Path.Combine(directory, "AgentChat.Web.dll"),
            "--urls", $"http://127.0.0.1:{port}",
            "--contentRoot", directory,
            "--ApiProxy:Address", app.ApiAddress.ToString().TrimEnd('/'),
            "--Logging:LogLevel:Default", "Warning"
        ]);
        await process.WaitUntilReadyAsync(port, TimeSpan.FromSeconds(60));
        return (process, port);
    }
}
