using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentChat.Tests.Browser;

/// <summary>axe-core finds no serious or critical violation in any state of the chat, on a desktop or a phone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityInBrowserTests(BrowserFixture app)
{
    [Theory]
    [InlineData("desktop")]
    [InlineData("phone")]
    public async Task Sign_in_empty_chat_streaming_and_finished_answers_have_no_serious_or_critical_violations(string screen)
    {
        await using var person = await Person.OpenAsync(app, screen == "phone" ? Person.Phone : Person.Desktop);
        var found = new List<string>();

        await person.Page.GotoAsync("login");
        try
        {
            await Expect(person.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync(Person.FirstLoad);
        }
        catch (PlaywrightException failure)
        {
            throw await person.DescribeAsync("The sign-in page never appeared", failure);
        }
        found.AddRange(await SeriousViolationsAsync(person.Page, "sign-in page"));

        await person.RegisterAsync();
        found.AddRange(await SeriousViolationsAsync(person.Page, "empty chat"));

        var model = await person.AskAsync("Explain the release");
        model.Emit("## Release\n\n", "It ships in ", "three steps:\n\n- build\n- test\n\n", "```bash\n./ship.sh\n```\n\n");
        await Expect(person.LastAnswerText).ToContainTextAsync("ship.sh");
        found.AddRange(await SeriousViolationsAsync(person.Page, "streaming answer"));

        model.Emit("Then it is live.");
        model.Finish();
        await Expect(person.Announcer).ToHaveTextAsync("The answer is complete.");
        found.AddRange(await SeriousViolationsAsync(person.Page, "finished answer"));

        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    private static async Task<IEnumerable<string>> SeriousViolationsAsync(IPage page, string state)
    {
        var result = await page.RunAxe();
        return result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{state}: {v.Id} ({v.Impact}) {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}");
    }
}
