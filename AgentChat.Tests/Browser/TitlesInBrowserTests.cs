using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentChat.Tests.Browser;

/// <summary>Conversations are named by their first message and can be renamed; every open tab follows.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TitlesInBrowserTests(BrowserFixture app)
{
    [Fact]
    public async Task A_new_conversation_is_titled_by_its_first_message_and_a_rename_reaches_another_tab_live()
    {
        await using var person = await Person.OpenAsync(app);
        await person.RegisterAsync();
        foreach (var question in new[] { "How do feature flags work", "Draft the spring release notes" })
        {
            await person.StartConversationAsync();
            var model = await person.AskAsync(question);
            model.Emit("Here is how.");
            model.Finish();
            await Expect(person.TypingIndicator).ToHaveCountAsync(0);
        }
        var titles = person.ConversationList.Locator("li .title");
        await Expect(titles).ToHaveCountAsync(2);
        await Expect(titles.First).ToContainTextAsync("Draft the spring release notes");
        await Expect(titles.Nth(1)).ToContainTextAsync("How do feature flags work");
        var otherTab = await person.OpenSecondTabAsync();
        await Person.WaitUntilConnectedAsync(otherTab);

        await person.ConversationList.GetByRole(AriaRole.Button, new() { NameRegex = new("^Rename Draft the spring") }).ClickAsync();
        await person.Page.GetByLabel("New title").FillAsync("Spring release notes");
        await person.Page.GetByLabel("New title").PressAsync("Enter");

        await Expect(titles.First).ToHaveTextAsync("Spring release notes");
        await Expect(otherTab.GetByRole(AriaRole.Navigation, new() { Name = "Conversations" }).Locator("li .title").First)
            .ToHaveTextAsync("Spring release notes");
        await Expect(otherTab.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Spring release notes");
        await person.ScreenshotAsync("titled-conversations");
    }

    [Fact]
    public async Task A_tab_on_the_home_view_sees_a_conversation_made_titled_renamed_and_deleted_in_another_tab_live()
    {
        await using var person = await Person.OpenAsync(app);
        await person.RegisterAsync();
        var home = await person.OpenSecondTabAsync();
        await Person.WaitUntilConnectedAsync(home);
        var homeList = home.GetByRole(AriaRole.Navigation, new() { Name = "Conversations" });
        await Expect(homeList.GetByText("No conversations yet.")).ToBeVisibleAsync();

        await person.StartConversationAsync();
        await Expect(homeList.Locator("li .title")).ToHaveCountAsync(1);
        var model = await person.AskAsync("Plan the team offsite");
        await Expect(homeList.Locator("li .title")).ToContainTextAsync("Plan the team offsite");
        model.Emit("Here is a plan.");
        model.Finish();
        await Expect(person.TypingIndicator).ToHaveCountAsync(0);

        await person.ConversationList.GetByRole(AriaRole.Button, new() { NameRegex = new("^Rename Plan the team offsite") }).ClickAsync();
        await person.Page.GetByLabel("New title").FillAsync("Offsite plan");
        await person.Page.GetByLabel("New title").PressAsync("Enter");
        await Expect(homeList.Locator("li .title")).ToHaveTextAsync("Offsite plan");

        // Open in the home tab too; deleting it in the first tab takes both tabs back home.
        await homeList.GetByRole(AriaRole.Link, new() { NameRegex = new("^Offsite plan") }).ClickAsync();
        await Person.WaitUntilConnectedAsync(home);
        await Expect(home.Locator("article.message.assistant .bubble")).ToHaveTextAsync(["Here is a plan."]);
        await person.ConversationList.GetByRole(AriaRole.Button, new() { Name = "Delete Offsite plan" }).ClickAsync();
        await Expect(homeList.Locator("li")).ToHaveCountAsync(0);
        await Expect(home).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/$"));
        await Expect(home.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("New conversation");
    }
}
