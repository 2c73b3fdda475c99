using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentChat.Tests.Browser;

/// <summary>At phone width the list is a drawer and the chat, composer included, fills the screen.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PhoneInBrowserTests(BrowserFixture app)
{
    [Fact]
    public async Task At_phone_width_the_conversations_are_a_drawer_and_the_composer_stays_on_screen_while_typing()
    {
        await using var person = await Person.OpenAsync(app, Person.Phone);
        await person.RegisterAsync();
        await Expect(person.ConversationList).ToBeHiddenAsync();
        await Expect(person.MenuButton).ToHaveAttributeAsync("aria-expanded", "false");

        var model = await person.AskAsync("What fits on a phone");
        model.Emit(string.Concat(Enumerable.Repeat("A long answer that needs scrolling on a small screen. ", 40)));
        model.Finish();
        await Expect(person.TypingIndicator).ToHaveCountAsync(0);
        await person.MessageBox.FocusAsync();
        await person.MessageBox.PressSequentiallyAsync("A follow-up being typed");

        var composer = (await person.Page.Locator("form.composer").BoundingBoxAsync())!;
        Assert.True(composer.Y >= 0 && composer.Y + composer.Height <= Person.Phone.Height,
            $"The composer is off screen: {composer.Y} + {composer.Height} > {Person.Phone.Height}.");
        Assert.False(await person.Page.EvaluateAsync<bool>("() => document.documentElement.scrollHeight > window.innerHeight"),
            "The page itself scrolls: only the messages should.");
        var chat = (await person.Page.Locator("section.chat").BoundingBoxAsync())!;
        Assert.Equal(Person.Phone.Width, chat.Width, 1.0);

        await person.MenuButton.ClickAsync();
        await Expect(person.ConversationList).ToBeVisibleAsync();
        await Expect(person.MenuButton).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(person.ConversationList.Locator("li .title").First).ToContainTextAsync("What fits on a phone");
        await person.ScreenshotAsync("phone-drawer");

        await person.Page.Keyboard.PressAsync("Escape");
        await Expect(person.ConversationList).ToBeHiddenAsync();
    }
}
