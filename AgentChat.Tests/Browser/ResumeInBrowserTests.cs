using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentChat.Tests.Browser;

/// <summary>An answer survives what browsers go through: a dropped network, a reload, a second tab.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ResumeInBrowserTests(BrowserFixture app) : SignedInBrowserTest(app)
{
    [Fact]
    public async Task A_dropped_connection_mid_stream_resumes_with_no_gap()
    {
        await You.StartConversationAsync();
        var model = await You.AskAsync();
        model.Emit("alpha ", "beta ");
        await Expect(You.LastAnswerText).ToContainTextAsync("alpha beta");

        App.Network.Cut();
        try
        {
            await Expect(You.Page.GetByText("Reconnecting")).ToBeVisibleAsync();
            model.Emit("gamma ", "delta ");
            await You.ScreenshotAsync("reconnecting");
            await Expect(You.LastAnswerText).ToContainTextAsync("alpha beta");
        }
        finally
        {
            App.Network.Restore();
        }

        await Expect(You.Page.GetByText("Reconnecting")).ToHaveCountAsync(0);
        model.Emit("epsilon");
        model.Finish();
        await Expect(You.TypingIndicator).ToHaveCountAsync(0);
        await Expect(You.LastAnswerText).ToHaveTextAsync("alpha beta gamma delta epsilon");
        await You.ScreenshotAsync("resumed");
    }

    [Fact]
    public async Task Forty_chunks_missed_while_the_connection_was_down_all_show_in_order_once_it_is_back()
    {
        await You.StartConversationAsync();
        var model = await You.AskAsync();
        model.Emit("start ");
        await Expect(You.LastAnswerText).ToContainTextAsync("start");
        var words = Enumerable.Range(1, 20).Select(i => $"w{i} ").ToArray();

        App.Network.Cut();
        try
        {
            await Expect(You.Page.GetByText("Reconnecting")).ToBeVisibleAsync();
            foreach (var word in words)
            {
                // Thinking between the words keeps each word its own chunk, so the resume
                // replays 40 chunks: several batches (the fixture's first is 4, then 16).
                model.EmitReasoning("hmm ");
                model.Emit(word);
            }
        }
        finally
        {
            App.Network.Restore();
        }

        await Expect(You.Page.GetByText("Reconnecting")).ToHaveCountAsync(0);
        model.Emit("end");
        model.Finish();
        await Expect(You.TypingIndicator).ToHaveCountAsync(0);
        await Expect(You.LastAnswerText).ToHaveTextAsync("start " + string.Concat(words) + "end");
    }

    [Fact]
    public async Task A_reload_mid_stream_shows_the_partial_answer_and_keeps_streaming()
    {
        await You.StartConversationAsync();
        var model = await You.AskAsync();
        model.Emit("Before ", "the ", "reload ");
        await Expect(You.LastAnswerText).ToContainTextAsync("Before the reload");

        await You.Page.ReloadAsync();
        await Expect(You.LastAnswerText).ToContainTextAsync("Before the reload");
        await Expect(You.TypingIndicator).ToBeVisibleAsync();
        model.Emit("and ", "after ", "it.");
        model.Finish();

        await Expect(You.TypingIndicator).ToHaveCountAsync(0);
        await Expect(You.LastAnswerText).ToHaveTextAsync("Before the reload and after it.");
        await You.ScreenshotAsync("reloaded");
    }

    [Fact]
    public async Task A_second_tab_on_the_conversation_follows_the_answer_live()
    {
        await You.StartConversationAsync();
        var secondTab = await You.OpenSecondTabAsync();
        await Person.WaitUntilConnectedAsync(secondTab);
        var secondTabAnswer = secondTab.Locator("article.message.assistant .markdown").Last;

        var model = await You.AskAsync();
        model.Emit("Seen ", "in ", "both ");
        await Expect(secondTabAnswer).ToContainTextAsync("Seen in both");
        await Expect(secondTab.Locator("article.message.user").Last).ToContainTextAsync("Please answer");
        model.Emit("tabs.");
        model.Finish();

        await Expect(secondTabAnswer).ToHaveTextAsync("Seen in both tabs.");
        await Expect(You.LastAnswerText).ToHaveTextAsync("Seen in both tabs.");
        await secondTab.ScreenshotAsync(new() { Path = Path.Combine(App.ScreenshotDirectory, "second-tab.png") });
    }
}
