using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentChat.Tests.Browser;

/// <summary>What a person does in the chat, in headless Chromium against the real app.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ChatInBrowserTests(BrowserFixture app) : SignedInBrowserTest(app)
{
    [Fact]
    public async Task An_answer_streams_with_the_typing_indicator_then_completes_fully_formatted()
    {
        await You.StartConversationAsync();
        await Expect(You.Page.GetByText("This is a demo model")).ToBeVisibleAsync();

        var model = await You.AskAsync("How should we ship the release?");
        model.Emit("## Release plan\n\n", "We ship in ", "three small ", "steps, each ", "behind a ", "feature flag ", "so we can ", "roll back ", "in seconds");
        await Expect(You.LastAnswerText).ToContainTextAsync("We ship in three small steps, each behind a feature flag so we can roll back in seconds");
        await Expect(You.TypingIndicator).ToBeVisibleAsync();
        await Expect(You.Page.GetByRole(AriaRole.Button, new() { Name = "Stop Generating" })).ToBeVisibleAsync();
        await You.ScreenshotAsync("streaming");
        var heading = await You.LastAnswer.Locator("h2").ElementHandleAsync();

        model.Emit(":\n\n- first\n- second\n\n", "| step | owner |\n|---|---|\n| build | me |\n\n", "```csharp\nvar done = true;\n```");
        model.Finish();

        await Expect(You.TypingIndicator).ToHaveCountAsync(0);
        await Expect(You.LastAnswer.Locator("table td").First).ToHaveTextAsync("build");
        await Expect(You.LastAnswer.Locator("li")).ToHaveCountAsync(2);
        await Expect(You.LastAnswer.Locator("pre code")).ToContainTextAsync("var done = true;");
        Assert.True(await heading.EvaluateAsync<bool>("e => e.isConnected"), "A finished block was redrawn instead of kept.");
        await You.ScreenshotAsync("complete");
    }

    [Fact]
    public async Task Chunks_faster_than_frames_redraw_the_answer_at_most_once_per_animation_frame()
    {
        await You.StartConversationAsync();
        var model = await You.AskAsync();
        model.Emit("Counting: ");
        await Expect(You.LastAnswerText).ToContainTextAsync("Counting:");
        // Number the frames and note the frame of every batch of DOM changes to the answer.
        await You.LastAnswerText.EvaluateAsync(@"answer => {
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
        await Expect(You.LastAnswerText).ToContainTextAsync("149 150");

        var frames = await You.Page.EvaluateAsync<int[]>("() => window.redrawFrames");
        Assert.NotEmpty(frames);
        Assert.Equal(frames.Length, frames.Distinct().Count());
        model.Finish();
    }

    [Fact]
    public async Task Shift_enter_breaks_the_line_and_enter_sends()
    {
        await You.StartConversationAsync();

        await You.MessageBox.FillAsync("first line");
        await You.MessageBox.PressAsync("Shift+Enter");
        await You.MessageBox.PressSequentiallyAsync("second line");
        Assert.Equal("first line\nsecond line", await You.MessageBox.InputValueAsync());
        await You.MessageBox.PressAsync("Enter");

        await Expect(You.Page.Locator("article.message.user").Last).ToHaveTextAsync("first line\nsecond line");
        await Expect(You.MessageBox).ToHaveValueAsync("");
        (await App.Model.CallForAsync("first line\nsecond line")).Finish();
    }

    [Fact]
    public async Task Stop_generating_keeps_the_partial_answer_marked_stopped()
    {
        await You.StartConversationAsync();
        var model = await You.AskAsync();
        model.Emit("A partial ", "answer");
        await Expect(You.LastAnswerText).ToContainTextAsync("A partial answer");

        await You.Page.GetByRole(AriaRole.Button, new() { Name = "Stop Generating" }).ClickAsync();

        await model.Cancelled.WaitAsync(TimeSpan.FromSeconds(20));
        await Expect(You.LastAnswer.GetByText("(Stopped)")).ToBeVisibleAsync();
        await Expect(You.LastAnswerText).ToContainTextAsync("A partial answer");
        await Expect(You.TypingIndicator).ToHaveCountAsync(0);
        await You.ScreenshotAsync("stopped");
    }

    [Fact]
    public async Task A_failed_answer_shows_the_safe_error_and_never_the_exception()
    {
        await You.StartConversationAsync();
        var model = await You.AskAsync();
        model.Emit("Starting ");
        await Expect(You.LastAnswerText).ToContainTextAsync("Starting");

        model.Fail(new InvalidOperationException("secret endpoint https://internal.example/key=abc"));

        await Expect(You.LastAnswer.GetByRole(AriaRole.Alert)).ToHaveTextAsync(AgentChat.Api.Streaming.Generation.SafeErrors.Generic);
        await Expect(You.LastAnswer).Not.ToContainTextAsync("secret endpoint");
        await Expect(You.TypingIndicator).ToHaveCountAsync(0);
        await You.ScreenshotAsync("failed");
    }

    [Fact]
    public async Task Html_in_an_answer_is_shown_as_text_and_no_script_runs()
    {
        var dialogs = new List<string>();
        You.Page.Dialog += (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        };
        await You.StartConversationAsync();
        var model = await You.AskAsync();

        model.Emit("Look: <img src=x onerror=alert(1)> ", "<script>window.pwned = 1</script> ", "[click](javascript:alert(2))");
        model.Finish();

        await Expect(You.LastAnswerText).ToContainTextAsync("<img src=x onerror=alert(1)>");
        await Expect(You.LastAnswer.Locator("img")).ToHaveCountAsync(0);
        await Expect(You.LastAnswer.Locator("a[href^='javascript']")).ToHaveCountAsync(0);
        Assert.False(await You.Page.EvaluateAsync<bool>("() => window.pwned === 1"));
        Assert.Empty(dialogs);
        await You.ScreenshotAsync("html-inert");
    }

    [Fact]
    public async Task Signing_out_leads_back_to_sign_in_and_signing_in_returns()
    {
        await You.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(You.Page).ToHaveURLAsync(new Regex("/login$"));

        await You.Page.GetByLabel("Email").FillAsync(You.Email);
        await You.Page.GetByLabel("Password").FillAsync(Infrastructure.TestUser.Password);
        await You.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(You.Page.GetByText(You.Email)).ToBeVisibleAsync();
    }
}
