using AgentChat.LocalServices;
using AgentChat.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentChat.Tests.Browser;

/// <summary>
/// The Api generating an answer dies mid-answer. Its own Web front end reaches the Api through a
/// relay, which then points at the surviving Api (the fixture's, same database and Redis), as a
/// load balancer would: the page shows the answer interrupted, and Regenerate answers again.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class InterruptedInBrowserTests(BrowserFixture app)
{
    [Fact]
    public async Task When_the_generating_api_is_killed_the_answer_shows_interrupted_and_regenerate_answers_again()
    {
        using var owner = await ApiProcesses.StartAsync(app.Servers, app.Database, new Dictionary<string, string>
        {
            ["AI:Demo:FirstTokenDelayMs"] = "0",
            ["AI:Demo:ReasoningMs"] = "0",
            ["AI:Demo:TokensPerSecond"] = "20",
            ["AI:Demo:ResponseTokens"] = "2000",
            ["Streaming:LeaseDuration"] = "00:00:02",
            ["Streaming:LeaseRenewInterval"] = "00:00:00.500"
        });
        await using var relay = new TcpProxy(owner.BaseAddress.Port);
        var (web, webPort) = await WebProcess.StartAsync(new Uri($"http://127.0.0.1:{relay.Port}"));
        using var _ = web;
        await using var person = await Person.OpenAsync(app, baseUrl: $"http://127.0.0.1:{webPort}/");
        await person.RegisterAsync();
        await person.MessageBox.FillAsync(Person.Tagged("Tell me about crashes", out var marker));
        await person.MessageBox.PressAsync("Enter");
        await Expect(person.LastAnswerText).ToContainTextAsync("About");

        owner.Kill();
        relay.Retarget(new Uri(app.ApiAddress.ToString()).Port);
        relay.Cut();
        relay.Restore();

        await Expect(person.LastAnswer.GetByText("(Interrupted)")).ToBeVisibleAsync();
        await Expect(person.LastAnswerText).ToContainTextAsync("About");
        var regenerate = person.LastAnswer.GetByRole(AriaRole.Button, new() { Name = "Regenerate" });
        await Expect(regenerate).ToBeVisibleAsync();
        await person.ScreenshotAsync("interrupted");
        await regenerate.ClickAsync();

        var model = await app.Model.CallForAsync(marker);
        model.Emit("A fresh answer.");
        model.Finish();
        await Expect(person.LastAnswerText).ToHaveTextAsync("A fresh answer.");
        await Expect(person.Answers).ToHaveCountAsync(1);
        await Expect(person.LastAnswer).ToHaveAttributeAsync("data-status", "complete");
    }
}
