using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentChat.Tests.Browser;

/// <summary>Typing at once, one answer at a time, and a tab that was signed out elsewhere.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ComposingInBrowserTests(BrowserFixture app) : SignedInBrowserTest(app)
{
    [Fact]
    public async Task After_sign_in_the_first_message_typed_at_once_starts_a_conversation_with_the_selected_agent()
    {
        await You.Page.GetByLabel("Agent").SelectOptionAsync(new SelectOptionValue { Label = "Code Reviewer" });
        await You.MessageBox.FocusAsync();

        await You.Page.Keyboard.TypeAsync(Person.Tagged("Review my release script", out var marker));
        await You.Page.Keyboard.PressAsync("Enter");

        var model = await App.Model.CallForAsync(marker);
        await Expect(You.Page).ToHaveURLAsync(new Regex("/c/[0-9a-f-]{36}$"));
        await Expect(You.Questions).ToHaveCountAsync(1);
        await Expect(You.Questions.First).ToContainTextAsync("Review my release script");
        model.Emit("Looks fine.");
        model.Finish();
        await Expect(You.LastAnswer.Locator(".answered-by")).ToContainTextAsync("Code Reviewer");
        await Expect(You.LastAnswer.Locator(".answered-by")).ToContainTextAsync("scripted-model");
        // The provisional title comes from the first message, in the list and the heading.
        await Expect(You.ConversationList.Locator("li").First).ToContainTextAsync("Review my release script");
        await Expect(You.ConversationList.Locator("li").First).ToContainTextAsync("Code Reviewer");
        await Expect(You.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Review my release script");
    }

    [Fact]
    public async Task Enter_pressed_three_times_quickly_sends_one_question_and_what_is_shown_is_what_is_kept()
    {
        await You.StartConversationAsync();

        await You.MessageBox.FillAsync(Person.Tagged("alpha", out var marker));
        await You.MessageBox.PressAsync("Enter");
        await You.MessageBox.FillAsync("bravo");
        await You.MessageBox.PressAsync("Enter");
        await You.MessageBox.FillAsync("charlie");
        await You.MessageBox.PressAsync("Enter");
        var model = await App.Model.CallForAsync(marker);
        model.Emit("About alpha");
        await Expect(You.LastAnswerText).ToContainTextAsync("About alpha");

        await Expect(You.Questions).ToHaveCountAsync(1);
        await Expect(You.MessageBox).ToHaveValueAsync("charlie");
        await Expect(You.Page.GetByRole(AriaRole.Button, new() { Name = "Send" })).ToBeDisabledAsync();
        model.Finish();
        await Expect(You.TypingIndicator).ToHaveCountAsync(0);
        await You.MessageBox.PressAsync("Enter");
        var second = await App.Model.CallForAsync("charlie");
        second.Emit("About charlie");
        second.Finish();
        await Expect(You.LastAnswerText).ToHaveTextAsync("About charlie");
        Assert.Contains(second.Messages, m => m.Text == "About alpha");
        var shown = await You.TranscriptAsync();

        await You.Page.ReloadAsync();

        await Expect(You.Answers).ToHaveCountAsync(2);
        Assert.Equal(shown, await You.TranscriptAsync());
        Assert.Equal(["Q: alpha", "A: About alpha", "Q: charlie", "A: About charlie"], shown.Select(line => line.Split(" (#")[0]));
    }

    [Fact]
    public async Task A_tab_signed_out_in_another_tab_goes_to_sign_in_instead_of_retrying()
    {
        await You.StartConversationAsync();
        var otherTab = await You.OpenSecondTabAsync();
        await otherTab.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(otherTab).ToHaveURLAsync(new Regex("/login$"));

        // The first tab's connection drops (as connections do) and its reconnect is refused.
        App.Network.Cut();
        App.Network.Restore();

        await Expect(You.Page).ToHaveURLAsync(new Regex("/login$"));
        await Expect(You.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
    }
}
