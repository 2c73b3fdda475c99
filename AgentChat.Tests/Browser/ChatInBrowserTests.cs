using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentChat.Tests.Browser;

/// <summary>What a person does in the chat, in headless Chromium against the real app.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ChatInBrowserTests(BrowserFixture app) : IAsyncLifetime
{
    private Person _person = null!;

    public async Task InitializeAsync()
    {
        _person = await Person.OpenAsync(app);
        await _person.RegisterAsync();
    }

    public async Task DisposeAsync() => await _person.DisposeAsync();

    [Fact]
    public async Task An_answer_streams_with_the_typing_indicator_then_completes_fully_formatted()
    {
        await _person.StartConversationAsync();
        await Expect(_person.Page.GetByText("This is a demo model")).ToBeVisibleAsync();

        var model = await _person.AskAsync("How should we ship the release?");
        model.Emit("## Release plan\n\n", "We ship in ", "three small ", "steps, each ", "behind a ", "feature flag ", "so we can ", "roll back ", "in seconds");
        await Expect(_person.LastAnswerText).ToContainTextAsync("We ship in three small steps, each behind a feature flag so we can roll back in seconds");
        await Expect(_person.TypingIndicator).ToBeVisibleAsync();
        await Expect(_person.Page.GetByRole(AriaRole.Button, new() { Name = "Stop Generating" })).ToBeVisibleAsync();
        await _person.ScreenshotAsync("streaming");
        var heading = await _person.LastAnswer.Locator("h2").ElementHandleAsync();

        model.Emit(":\n\n- first\n- second\n\n", "| step | owner |\n|---|---|\n| build | me |\n\n", "```csharp\nvar done = true;\n```");
        model.Finish();

        await Expect(_person.TypingIndicator).ToHaveCountAsync(0);
        await Expect(_person.LastAnswer.Locator("table td").First).ToHaveTextAsync("build");
        await Expect(_person.LastAnswer.Locator("li")).ToHaveCountAsync(2);
        await Expect(_person.LastAnswer.Locator("pre code")).ToContainTextAsync("var done = true;");
        Assert.True(await heading.EvaluateAsync<bool>("e => e.isConnected"), "A finished block was redrawn instead of kept.");
        await _person.ScreenshotAsync("complete");
    }

    [Fact]
    public async Task Chunks_faster_than_frames_redraw_the_answer_at_most_once_per_animation_frame()
    {
        await _person.StartConversationAsync();
        var model = await _person.AskAsync();
        model.Emit("Counting: ");
        await Expect(_person.LastAnswerText).ToContainTextAsync("Counting:");
        // Number the frames and note the frame of every batch of DOM changes to the answer.
        await _person.LastAnswerText.EvaluateAsync(@"answer => {
            window.frame = 0; window.redrawFrames = [];
            const tick = () => { window.frame++; requestAnimationFrame(tick); };
            requestAnimationFrame(tick);
            new MutationObserver(() => window.redrawFrames.push(window.frame))
                .observe(answer, { childList: true, subtree: true, characterData: true });
        }");

        // Paced, not bursty: chunks 2 ms apart arrive in separate network reads, several per frame.
        for (var i = 1; i <= 150; i++)
        {
            model.Emit($"{i} ");
            await Task.Delay(2);
        }
        await Expect(_person.LastAnswerText).ToContainTextAsync("149 150");

        var frames = await _person.Page.EvaluateAsync<int[]>("() => window.redrawFrames");
        Assert.NotEmpty(frames);
        Assert.Equal(frames.Length, frames.Distinct().Count());
        model.Finish();
    }

    [Fact]
    public async Task Shift_enter_breaks_the_line_and_enter_sends()
    {
        await _person.StartConversationAsync();

        await _person.MessageBox.FillAsync("first line");
        await _person.MessageBox.PressAsync("Shift+Enter");
        await _person.MessageBox.PressSequentiallyAsync("second line");
        Assert.Equal("first line\nsecond line", await _person.MessageBox.InputValueAsync());
        await _person.MessageBox.PressAsync("Enter");

        await Expect(_person.Page.Locator("article.message.user").Last).ToHaveTextAsync("first line\nsecond line");
        await Expect(_person.MessageBox).ToHaveValueAsync("");
        (await app.Model.CallForAsync("first line\nsecond line")).Finish();
    }

    [Fact]
    public async Task Stop_generating_keeps_the_partial_answer_marked_stopped()
    {
        await _person.StartConversationAsync();
        var model = await _person.AskAsync();
        model.Emit("A partial ", "answer");
        await Expect(_person.LastAnswerText).ToContainTextAsync("A partial answer");

        await _person.Page.GetByRole(AriaRole.Button, new() { Name = "Stop Generating" }).ClickAsync();

        await model.Cancelled.WaitAsync(TimeSpan.FromSeconds(20));
        await Expect(_person.LastAnswer.GetByText("(Stopped)")).ToBeVisibleAsync();
        await Expect(_person.LastAnswerText).ToContainTextAsync("A partial answer");
        await Expect(_person.TypingIndicator).ToHaveCountAsync(0);
        await _person.ScreenshotAsync("stopped");
    }

    [Fact]
    public async Task A_failed_answer_shows_the_safe_error_and_never_the_exception()
    {
        await _person.StartConversationAsync();
        var model = await _person.AskAsync();
        model.Emit("Starting ");
        await Expect(_person.LastAnswerText).ToContainTextAsync("Starting");

        model.Fail(new InvalidOperationException("secret endpoint https://internal.example/key=abc"));

        await Expect(_person.LastAnswer.GetByRole(AriaRole.Alert)).ToHaveTextAsync(AgentChat.Api.Streaming.Generation.SafeErrors.Generic);
        await Expect(_person.LastAnswer).Not.ToContainTextAsync("secret endpoint");
        await Expect(_person.TypingIndicator).ToHaveCountAsync(0);
        await _person.ScreenshotAsync("failed");
    }

    [Fact]
    public async Task Html_in_an_answer_is_shown_as_text_and_no_script_runs()
    {
        var dialogs = new List<string>();
        _person.Page.Dialog += (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        };
        await _person.StartConversationAsync();
        var model = await _person.AskAsync();

        model.Emit("Look: <img src=x onerror=alert(1)> ", "<script>window.pwned = 1</script> ", "[click](javascript:alert(2))");
        model.Finish();

        await Expect(_person.LastAnswerText).ToContainTextAsync("<img src=x onerror=alert(1)>");
        await Expect(_person.LastAnswer.Locator("img")).ToHaveCountAsync(0);
        await Expect(_person.LastAnswer.Locator("a[href^='javascript']")).ToHaveCountAsync(0);
        Assert.False(await _person.Page.EvaluateAsync<bool>("() => window.pwned === 1"));
        Assert.Empty(dialogs);
        await _person.ScreenshotAsync("html-inert");
    }

    [Fact]
    public async Task Signing_out_leads_back_to_sign_in_and_signing_in_returns()
    {
        await _person.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(_person.Page).ToHaveURLAsync(new Regex("/login$"));

        await _person.Page.GetByLabel("Email").FillAsync(_person.Email);
        await _person.Page.GetByLabel("Password").FillAsync(Infrastructure.TestUser.Password);
        await _person.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(_person.Page.GetByText(_person.Email)).ToBeVisibleAsync();
    }
}
