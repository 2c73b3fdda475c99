using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentChat.Tests.Browser;

/// <summary>What a person can do with an answer: copy it or its code, regenerate it, edit the question, stop it with Esc.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AnswerActionsInBrowserTests(BrowserFixture app) : IAsyncLifetime
{
    private Person _person = null!;

    public async Task InitializeAsync()
    {
        _person = await Person.OpenAsync(app);
        await _person.RegisterAsync();
        await _person.StartConversationAsync();
    }

    public async Task DisposeAsync() => await _person.DisposeAsync();

    private ILocator Button(string name) => _person.LastAnswer.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    [Fact]
    public async Task An_answer_names_its_agent_and_model_and_can_be_copied_whole_or_by_code_block()
    {
        var model = await _person.AskAsync();
        model.Emit("Use this:\n\n", "```js\nlet x = 1;\n```\n\n", "Done.");
        model.Finish();

        await Expect(_person.Announcer).ToHaveTextAsync("The answer is complete.");
        await Expect(_person.LastAnswer.Locator(".answered-by")).ToHaveTextAsync("Code Reviewer · scripted-model");
        await Button("Copy code").ClickAsync();
        await Expect(_person.LastAnswer.GetByRole(AriaRole.Status).First).ToHaveTextAsync("Copied");
        Assert.Equal("let x = 1;", await _person.Page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        await Button("Copy answer").ClickAsync();
        Assert.Equal("Use this:\n\n```js\nlet x = 1;\n```\n\nDone.", await _person.Page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        await _person.ScreenshotAsync("answer-actions");
    }

    [Fact]
    public async Task Regenerate_replaces_the_last_answer_here_and_in_what_is_stored()
    {
        var first = await _person.AskAsync("Name a colour");
        first.Emit("Red.");
        first.Finish();
        await Expect(_person.LastAnswerText).ToHaveTextAsync("Red.");

        // From the keyboard: focus the button and press Enter.
        await Button("Regenerate").FocusAsync();
        await _person.Page.Keyboard.PressAsync("Enter");

        var again = await app.Model.CallWhereAsync(c => c != first && c.Question == first.Question);
        Assert.DoesNotContain(again.Messages, m => m.Text == "Red.");
        again.Emit("Blue.");
        again.Finish();
        await Expect(_person.LastAnswerText).ToHaveTextAsync("Blue.");
        await Expect(_person.MessageBox).ToBeFocusedAsync();
        await Expect(_person.Answers).ToHaveCountAsync(1);
        await _person.Page.ReloadAsync();
        await Expect(_person.LastAnswerText).ToHaveTextAsync("Blue.");
        await Expect(_person.Questions).ToHaveCountAsync(1);
        await Expect(_person.Answers).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Editing_the_last_question_resends_it_and_replaces_its_answer()
    {
        var first = await _person.AskAsync("Summarise the plan");
        first.Emit("A summary.");
        first.Finish();
        await Expect(_person.LastAnswerText).ToHaveTextAsync("A summary.");

        await _person.Questions.Last.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        var editor = _person.Page.GetByRole(AriaRole.Textbox, new() { Name = "Edit your question" });
        await Expect(editor).ToBeFocusedAsync();
        await editor.FillAsync(Person.Tagged("Summarise the plan in one line", out var marker));
        await _person.Page.GetByRole(AriaRole.Button, new() { Name = "Resend" }).ClickAsync();

        var edited = await app.Model.CallForAsync(marker);
        Assert.DoesNotContain(edited.Messages, m => m.Text == "A summary." || m.Text == first.Question);
        edited.Emit("One line.");
        edited.Finish();
        await Expect(_person.LastAnswerText).ToHaveTextAsync("One line.");
        await Expect(_person.Questions).ToHaveCountAsync(1);
        await Expect(_person.Questions.Last).ToContainTextAsync("in one line");
        await _person.Page.ReloadAsync();
        await Expect(_person.Answers).ToHaveCountAsync(1);
        await Expect(_person.Questions.Last).ToContainTextAsync("in one line");
    }

    [Fact]
    public async Task Esc_stops_generating_the_live_region_says_so_and_focus_returns_to_the_composer()
    {
        var model = await _person.AskAsync();
        model.Emit("Partial ");
        await Expect(_person.LastAnswerText).ToContainTextAsync("Partial");
        await Expect(_person.Announcer).ToBeEmptyAsync();
        Assert.Null(await _person.Page.Locator(".message-list").GetAttributeAsync("aria-live"));
        await _person.Page.GetByRole(AriaRole.Heading, new() { Level = 1 }).ClickAsync();

        await _person.Page.Keyboard.PressAsync("Escape");

        await model.Cancelled.WaitAsync(TimeSpan.FromSeconds(20));
        await Expect(_person.LastAnswer.GetByText("(Stopped)")).ToBeVisibleAsync();
        await Expect(_person.Announcer).ToHaveTextAsync("The answer was stopped.");
        await Expect(_person.MessageBox).ToBeFocusedAsync();
    }
}
