using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentChat.Tests.Browser;

/// <summary>What a person can do with an answer: copy it or its code, regenerate it, edit the question, stop it with Esc.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AnswerActionsInBrowserTests(BrowserFixture app) : SignedInBrowserTest(app)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await You.StartConversationAsync();
    }

    private ILocator Button(string name) => You.LastAnswer.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    [Fact]
    public async Task An_answer_names_its_agent_and_model_and_can_be_copied_whole_or_by_code_block()
    {
        var model = await You.AskAsync();
        model.Emit("Use this:\n\n", "```js\nlet x = 1;\n```\n\n", "Done.");
        model.Finish();

        await Expect(You.Announcer).ToHaveTextAsync("The answer is complete.");
        await Expect(You.LastAnswer.Locator(".answered-by")).ToHaveTextAsync("Code Reviewer · scripted-model");
        await Button("Copy code").ClickAsync();
        await Expect(You.LastAnswer.GetByRole(AriaRole.Status).First).ToHaveTextAsync("Copied");
        Assert.Equal("let x = 1;", await You.Page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        await Button("Copy answer").ClickAsync();
        Assert.Equal("Use this:\n\n```js\nlet x = 1;\n```\n\nDone.", await You.Page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        await You.ScreenshotAsync("answer-actions");
    }

    [Fact]
    public async Task Regenerate_replaces_the_last_answer_here_in_another_tab_and_in_what_is_stored()
    {
        var first = await You.AskAsync("Name a colour");
        first.Emit("Red.");
        first.Finish();
        await Expect(You.LastAnswerText).ToHaveTextAsync("Red.");
        var otherTab = await You.OpenSecondTabAsync();
        await Person.WaitUntilConnectedAsync(otherTab);
        var otherAnswers = otherTab.Locator("article.message.assistant .bubble");
        await Expect(otherAnswers).ToHaveTextAsync(["Red."]);

        // From the keyboard: focus the button and press Enter.
        await Button("Regenerate").FocusAsync();
        await You.Page.Keyboard.PressAsync("Enter");

        var again = await App.Model.CallWhereAsync(c => c != first && c.Question == first.Question);
        Assert.DoesNotContain(again.Messages, m => m.Text == "Red.");
        again.Emit("Blue.");
        again.Finish();
        await Expect(You.LastAnswerText).ToHaveTextAsync("Blue.");
        await Expect(You.MessageBox).ToBeFocusedAsync();
        await Expect(You.Answers).ToHaveCountAsync(1);
        // The other tab drops the old turn as it is taken back, and follows the new answer.
        await Expect(otherAnswers).ToHaveTextAsync(["Blue."]);
        await Expect(otherTab.Locator("article.message.user")).ToHaveCountAsync(1);
        await You.Page.ReloadAsync();
        await Expect(You.LastAnswerText).ToHaveTextAsync("Blue.");
        await Expect(You.Questions).ToHaveCountAsync(1);
        await Expect(You.Answers).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Editing_the_last_question_resends_it_and_replaces_its_answer()
    {
        var first = await You.AskAsync("Summarise the plan");
        first.Emit("A summary.");
        first.Finish();
        await Expect(You.LastAnswerText).ToHaveTextAsync("A summary.");

        await You.Questions.Last.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        var editor = You.Page.GetByRole(AriaRole.Textbox, new() { Name = "Edit your question" });
        await Expect(editor).ToBeFocusedAsync();
        await editor.FillAsync(Person.Tagged("Summarise the plan in one line", out var marker));
        await You.Page.GetByRole(AriaRole.Button, new() { Name = "Resend" }).ClickAsync();

        var edited = await App.Model.CallForAsync(marker);
        Assert.DoesNotContain(edited.Messages, m => m.Text == "A summary." || m.Text == first.Question);
        edited.Emit("One line.");
        edited.Finish();
        await Expect(You.LastAnswerText).ToHaveTextAsync("One line.");
        await Expect(You.Questions).ToHaveCountAsync(1);
        await Expect(You.Questions.Last).ToContainTextAsync("in one line");
        await You.Page.ReloadAsync();
        await Expect(You.Answers).ToHaveCountAsync(1);
        await Expect(You.Questions.Last).ToContainTextAsync("in one line");
    }

    [Fact]
    public async Task Esc_stops_generating_the_live_region_says_so_and_focus_returns_to_the_composer()
    {
        var model = await You.AskAsync();
        model.Emit("Partial ");
        await Expect(You.LastAnswerText).ToContainTextAsync("Partial");
        await Expect(You.Announcer).ToBeEmptyAsync();
        Assert.Null(await You.Page.Locator(".message-list").GetAttributeAsync("aria-live"));
        await You.Page.GetByRole(AriaRole.Heading, new() { Level = 1 }).ClickAsync();

        await You.Page.Keyboard.PressAsync("Escape");

        await model.Cancelled.WaitAsync(TimeSpan.FromSeconds(20));
        await Expect(You.LastAnswer.GetByText("(Stopped)")).ToBeVisibleAsync();
        await Expect(You.Announcer).ToHaveTextAsync("The answer was stopped.");
        await Expect(You.MessageBox).ToBeFocusedAsync();
    }
}
