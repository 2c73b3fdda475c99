using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentChat.Tests.Browser;

/// <summary>An answer survives what browsers go through: a dropped network, a reload, a second tab.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ResumeInBrowserTests(BrowserFixture app) : IAsyncLifetime
{
    private Person _person = null!;

    public async Task InitializeAsync()
    {
        _person = await Person.OpenAsync(app);
        await _person.RegisterAsync();
    }

    public async Task DisposeAsync() => await _person.DisposeAsync();

    [Fact]
    public async Task A_dropped_connection_mid_stream_resumes_with_no_gap()
    {
        await _person.StartConversationAsync();
        var model = await _person.AskAsync();
        model.Emit("alpha ", "beta ");
        await Expect(_person.LastAnswerText).ToContainTextAsync("alpha beta");

        app.Network.Cut();
        try
        {
            await Expect(_person.Page.GetByText("Reconnecting")).ToBeVisibleAsync();
            model.Emit("gamma ", "delta ");
            await _person.ScreenshotAsync("reconnecting");
            await Expect(_person.LastAnswerText).ToContainTextAsync("alpha beta");
        }
        finally
        {
            app.Network.Restore();
        }

        await Expect(_person.Page.GetByText("Reconnecting")).ToHaveCountAsync(0);
        model.Emit("epsilon");
        model.Finish();
        await Expect(_person.TypingIndicator).ToHaveCountAsync(0);
        await Expect(_person.LastAnswerText).ToHaveTextAsync("alpha beta gamma delta epsilon");
        await _person.ScreenshotAsync("resumed");
    }

    [Fact]
    public async Task A_reload_mid_stream_shows_the_partial_answer_and_keeps_streaming()
    {
        await _person.StartConversationAsync();
        var model = await _person.AskAsync();
        model.Emit("Before ", "the ", "reload ");
        await Expect(_person.LastAnswerText).ToContainTextAsync("Before the reload");

        await _person.Page.ReloadAsync();
        await Expect(_person.LastAnswerText).ToContainTextAsync("Before the reload");
        await Expect(_person.TypingIndicator).ToBeVisibleAsync();
        model.Emit("and ", "after ", "it.");
        model.Finish();

        await Expect(_person.TypingIndicator).ToHaveCountAsync(0);
        await Expect(_person.LastAnswerText).ToHaveTextAsync("Before the reload and after it.");
        await _person.ScreenshotAsync("reloaded");
    }

    [Fact]
    public async Task A_second_tab_on_the_conversation_follows_the_answer_live()
    {
        await _person.StartConversationAsync();
        var secondTab = await _person.OpenSecondTabAsync();
        await Person.WaitUntilConnectedAsync(secondTab);
        var secondTabAnswer = secondTab.Locator("article.message.assistant .markdown").Last;

        var model = await _person.AskAsync();
        model.Emit("Seen ", "in ", "both ");
        await Expect(secondTabAnswer).ToContainTextAsync("Seen in both");
        await Expect(secondTab.Locator("article.message.user").Last).ToContainTextAsync("Please answer");
        model.Emit("tabs.");
        model.Finish();

        await Expect(secondTabAnswer).ToHaveTextAsync("Seen in both tabs.");
        await Expect(_person.LastAnswerText).ToHaveTextAsync("Seen in both tabs.");
        await secondTab.ScreenshotAsync(new() { Path = Path.Combine(app.ScreenshotDirectory, "second-tab.png") });
    }
}
