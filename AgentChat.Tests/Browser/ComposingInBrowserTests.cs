using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentChat.Tests.Browser;

/// <summary>Typing at once, one answer at a time, and a tab that was signed out elsewhere.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ComposingInBrowserTests(BrowserFixture app) : IAsyncLifetime
{
    private Person _person = null!;

    public async Task InitializeAsync()
    {
        _person = await Person.OpenAsync(app);
        await _person.RegisterAsync();
    }

    public async Task DisposeAsync() => await _person.DisposeAsync();

    [Fact]
    public async Task After_sign_in_the_first_message_typed_at_once_starts_a_conversation_with_the_selected_agent()
    {
        await _person.Page.GetByLabel("Agent").SelectOptionAsync(new SelectOptionValue { Label = "Code Reviewer" });
        await _person.MessageBox.FocusAsync();

        await _person.Page.Keyboard.TypeAsync(Person.Tagged("Review my release script", out var marker));
        await _person.Page.Keyboard.PressAsync("Enter");

        var model = await app.Model.CallForAsync(marker);
        await Expect(_person.Page).ToHaveURLAsync(new Regex("/c/[0-9a-f-]{36}$"));
        await Expect(_person.Questions).ToHaveCountAsync(1);
        await Expect(_person.Questions.First).ToContainTextAsync("Review my release script");
        model.Emit("Looks fine.");
        model.Finish();
        await Expect(_person.LastAnswer.Locator(".answered-by")).ToContainTextAsync("Code Reviewer");
        await Expect(_person.LastAnswer.Locator(".answered-by")).ToContainTextAsync("scripted-model");
        // The provisional title comes from the first message, in the list and the heading.
        await Expect(_person.ConversationList.Locator("li").First).ToContainTextAsync("Review my release script");
        await Expect(_person.ConversationList.Locator("li").First).ToContainTextAsync("Code Reviewer");
        await Expect(_person.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Review my release script");
    }

    [Fact]
    public async Task Enter_pressed_three_times_quickly_sends_one_question_and_what_is_shown_is_what_is_kept()
    {
        await _person.StartConversationAsync();

        await _person.MessageBox.FillAsync(Person.Tagged("alpha", out var marker));
        await _person.MessageBox.PressAsync("Enter");
        await _person.MessageBox.FillAsync("bravo");
        await _person.MessageBox.PressAsync("Enter");
        await _person.MessageBox.FillAsync("charlie");
        await _person.MessageBox.PressAsync("Enter");
        var model = await app.Model.CallForAsync(marker);
        model.Emit("About alpha");
        await Expect(_person.LastAnswerText).ToContainTextAsync("About alpha");

        await Expect(_person.Questions).ToHaveCountAsync(1);
        await Expect(_person.MessageBox).ToHaveValueAsync("charlie");
        await Expect(_person.Page.GetByRole(AriaRole.Button, new() { Name = "Send" })).ToBeDisabledAsync();
        model.Finish();
        await Expect(_person.TypingIndicator).ToHaveCountAsync(0);
        await _person.MessageBox.PressAsync("Enter");
        var second = await app.Model.CallForAsync("charlie");
        second.Emit("About charlie");
        second.Finish();
        await Expect(_person.LastAnswerText).ToHaveTextAsync("About charlie");
        Assert.Contains(second.Messages, m => m.Text == "About alpha");
        var shown = await _person.TranscriptAsync();

        await _person.Page.ReloadAsync();

        await Expect(_person.Answers).ToHaveCountAsync(2);
        Assert.Equal(shown, await _person.TranscriptAsync());
        Assert.Equal(["Q: alpha", "A: About alpha", "Q: charlie", "A: About charlie"], shown.Select(line => line.Split(" (#")[0]));
    }

    [Fact]
    public async Task A_tab_signed_out_in_another_tab_goes_to_sign_in_instead_of_retrying()
    {
        await _person.StartConversationAsync();
        var otherTab = await _person.OpenSecondTabAsync();
        await otherTab.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(otherTab).ToHaveURLAsync(new Regex("/login$"));

        // The first tab's connection drops (as connections do) and its reconnect is refused.
        app.Network.Cut();
        app.Network.Restore();

        await Expect(_person.Page).ToHaveURLAsync(new Regex("/login$"));
        await Expect(_person.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
    }
}
