using System.Text.RegularExpressions;
using AgentChat.Api.Agents.Tools;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentChat.Tests.Browser;

/// <summary>An agent that thinks and calls a tool, seen in headless Chromium against the real app.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class AgentActivityInBrowserTests(BrowserFixture app) : SignedInBrowserTest(app)
{
    [Fact]
    public async Task Thinking_streams_live_a_tool_card_runs_then_shows_its_result_and_all_of_it_survives_a_reload()
    {
        await You.Page.GetByLabel("Agent").SelectOptionAsync(new SelectOptionValue { Label = "Research Assistant" });
        await You.StartConversationAsync();
        var page = You.Page;

        var first = await You.AskAsync("What is (12 + 30) * 2?");
        var marker = Marker().Match(first.Question).Value;
        first.EmitReasoning("The user wants a product. ", "I should not guess: ", "I will call the calculator.");
        var reasoning = page.GetByRole(AriaRole.Region, new() { Name = "Reasoning" });
        await Expect(reasoning).ToContainTextAsync("Thinking…");
        await Expect(reasoning).ToContainTextAsync("I will call the calculator.");
        first.CallTool("call_1", BuiltInTools.Calculate, new() { ["expression"] = "(12 + 30) * 2" });
        first.EmitUsage(48, 22);
        first.Finish();

        var card = page.GetByRole(AriaRole.Group, new() { Name = "Tool call: calculator" });
        var second = await App.Model.CallForAsync(marker, round: 2);
        await Expect(card).ToHaveAttributeAsync("data-status", "completed");
        second.Emit("## The product\n\n", "(12 + 30) × 2 is **84**: ", "the calculator ", "confirmed it.");
        await Expect(You.LastAnswerText).ToContainTextAsync("confirmed it.");
        await Expect(reasoning.Locator("summary")).ToHaveTextAsync(new Regex("^Thought for \\d+ s$"));
        await Expect(reasoning.Locator("details")).Not.ToHaveAttributeAsync("open", "");
        await reasoning.Locator("summary").ClickAsync();
        await Expect(reasoning.GetByText("I will call the calculator.")).ToBeVisibleAsync();
        await card.Locator(".tool-result summary").ClickAsync();
        await Expect(card.Locator(".tool-result pre")).ToHaveTextAsync("84");
        await You.ScreenshotAsync("agent-thinking-and-tools");

        second.EmitUsage(90, 12);
        second.Finish();
        await Expect(You.TypingIndicator).ToHaveCountAsync(0);
        await Expect(You.LastAnswer.Locator(".metrics")).ToContainTextAsync("138 tokens in / 34 out");

        await page.ReloadAsync();
        await Person.WaitUntilConnectedAsync(page);
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Tool call: calculator" })).ToHaveAttributeAsync("data-status", "completed");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Reasoning" }).Locator("summary")).ToHaveTextAsync(new Regex("^Thought for \\d+ s$"));
    }

    [Fact]
    public async Task A_reload_mid_reasoning_keeps_the_thinking_and_the_tool_card_and_answer_follow()
    {
        await You.Page.GetByLabel("Agent").SelectOptionAsync(new SelectOptionValue { Label = "Research Assistant" });
        await You.StartConversationAsync();
        var page = You.Page;

        var first = await You.AskAsync("What time is it?");
        var marker = Marker().Match(first.Question).Value;
        first.EmitReasoning("Checking ");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Reasoning" })).ToContainTextAsync("Checking");

        await page.ReloadAsync();
        await Person.WaitUntilConnectedAsync(page);
        var reasoning = page.GetByRole(AriaRole.Region, new() { Name = "Reasoning" });
        await Expect(reasoning).ToContainTextAsync("Checking");
        first.EmitReasoning("the clock.");
        first.CallTool("call_t", BuiltInTools.CurrentTime);
        first.Finish();
        var card = page.GetByRole(AriaRole.Group, new() { Name = "Tool call: current_time" });
        await Expect(card).ToHaveAttributeAsync("data-status", "completed");
        var second = await App.Model.CallForAsync(marker, round: 2);
        second.Emit("It is now.");
        second.Finish();
        await Expect(You.TypingIndicator).ToHaveCountAsync(0);
        await Expect(card).ToHaveCountAsync(1);
        await Expect(reasoning).ToContainTextAsync("Checking the clock.");
    }

    [Fact]
    public async Task A_reload_mid_tool_call_shows_the_running_card_which_then_completes_once()
    {
        await You.Page.GetByLabel("Agent").SelectOptionAsync(new SelectOptionValue { Label = BrowserFixture.WaitingAgent });
        await You.StartConversationAsync();
        var page = You.Page;

        var first = await You.AskAsync("Wait for it");
        var marker = Marker().Match(first.Question).Value;
        first.EmitReasoning("I will wait for the tool.");
        first.CallTool("call_w", BrowserFixture.WaitTool);
        first.Finish();
        await App.WaitToolStarted.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var card = page.GetByRole(AriaRole.Group, new() { Name = $"Tool call: {BrowserFixture.WaitTool}" });
        await Expect(card).ToHaveAttributeAsync("data-status", "running");

        await page.ReloadAsync();
        await Person.WaitUntilConnectedAsync(page);
        await Expect(card).ToHaveAttributeAsync("data-status", "running");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Reasoning" })).ToContainTextAsync("I will wait for the tool.");
        await You.ScreenshotAsync("tool-call-running-after-reload");
        App.ReleaseWaitTool();
        await Expect(card).ToHaveAttributeAsync("data-status", "completed");
        var second = await App.Model.CallForAsync(marker, round: 2);
        second.Emit("The tool is done.");
        second.Finish();
        await Expect(You.TypingIndicator).ToHaveCountAsync(0);
        await Expect(You.LastAnswerText).ToContainTextAsync("The tool is done.");
        await Expect(card).ToHaveCountAsync(1);
        await card.Locator(".tool-result summary").ClickAsync();
        await Expect(card.Locator(".tool-result pre")).ToHaveTextAsync("released");
    }

    [GeneratedRegex("#[0-9a-f]{10}")]
    private static partial Regex Marker();
}
