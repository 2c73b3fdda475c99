using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentChat.Tests.Browser;

/// <summary>The conversation list and how the app looks on a phone in dark mode.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ConversationsInBrowserTests(BrowserFixture app)
{
    [Fact]
    public async Task A_conversation_started_with_a_chosen_agent_can_be_deleted_from_the_list()
    {
        await using var person = await Person.OpenAsync(app);
        await person.RegisterAsync();
        await person.Page.GetByLabel("Agent").SelectOptionAsync(new SelectOptionValue { Label = "Writing Coach" });
        await person.StartConversationAsync();
        var list = person.Page.GetByRole(AriaRole.Navigation, new() { Name = "Conversations" }).Locator("li");
        await Expect(list).ToHaveCountAsync(1);
        await Expect(list.First).ToContainTextAsync("Writing Coach");

        await list.First.GetByRole(AriaRole.Button, new() { NameRegex = new("^Delete") }).ClickAsync();

        await Expect(list).ToHaveCountAsync(0);
        await Expect(person.Page).ToHaveURLAsync(app.BaseUrl);
    }

    [Fact]
    public async Task At_phone_width_in_dark_mode_the_chat_fits_the_screen()
    {
        await using var person = await Person.OpenAsync(app, new ViewportSize { Width = 390, Height = 844 }, ColorScheme.Dark);
        await person.RegisterAsync();
        await person.StartConversationAsync();
        var model = await person.AskAsync();
        model.Emit("A dark answer that wraps nicely on a narrow screen, with `code` and a long word: ",
            "supercalifragilisticexpialidocious-and-then-some-more-characters");
        model.Finish();
        await Expect(person.TypingIndicator).ToHaveCountAsync(0);

        var overflows = await person.Page.EvaluateAsync<bool>(
            "() => document.documentElement.scrollWidth > window.innerWidth");
        var background = await person.Page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");

        Assert.False(overflows, "The page scrolls sideways at phone width.");
        Assert.Equal("rgb(21, 23, 28)", background);
        await Expect(person.Page.GetByRole(AriaRole.Button, new() { Name = "Send" })).ToBeVisibleAsync();
        await person.ScreenshotAsync("phone-dark");
    }
}
