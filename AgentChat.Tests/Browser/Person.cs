using System.Text.RegularExpressions;
using AgentChat.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentChat.Tests.Browser;

/// <summary>
/// Someone using AgentChat in the browser, in their own browser context (own cookies), driven by
/// the accessible names a screen reader would use.
/// </summary>
public sealed class Person(BrowserFixture app, IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IPage Page => page;
    public string Email { get; } = $"person-{Guid.NewGuid():N}@agentchat.test";
    public ILocator MessageBox => page.GetByRole(AriaRole.Textbox, new() { Name = "Message" });
    public ILocator LastAnswer => page.Locator("article.message.assistant").Last;
    public ILocator LastAnswerText => LastAnswer.Locator(".markdown");
    public ILocator TypingIndicator => page.GetByLabel("Agent is typing");

    public static async Task<Person> OpenAsync(BrowserFixture app, ViewportSize? screen = null, ColorScheme scheme = ColorScheme.Light)
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl,
            ViewportSize = screen ?? new ViewportSize { Width = 1100, Height = 720 },
            ColorScheme = scheme
        });
        var page = await context.NewPageAsync();
        var person = new Person(app, context, page);
        page.Console += (_, message) => person.Log($"{message.Type}: {message.Text}");
        page.PageError += (_, error) => person.Log($"page error: {error}");
        return person;
    }

    private readonly List<string> _console = [];

    private void Log(string line)
    {
        lock (_console)
        {
            _console.Add(line);
        }
    }

    public async Task RegisterAsync()
    {
        await page.GotoAsync("register");
        await page.GetByLabel("Email").FillAsync(Email);
        await page.GetByLabel("Password").FillAsync(TestUser.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "New conversation" })).ToBeEnabledAsync();
    }

    public async Task StartConversationAsync()
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "New conversation" }).ClickAsync();
        try
        {
            // Blazor navigates with history.pushState: poll the address rather than wait for a
            // load event that a same-document navigation may never give.
            await Expect(page).ToHaveURLAsync(new Regex("/c/[0-9a-f-]{36}$"));
            await WaitUntilConnectedAsync(page);
        }
        catch (PlaywrightException failure)
        {
            throw await DescribeAsync("The new conversation never opened", failure);
        }
    }

    /// <summary>The chat shows its hub connection's state; a page follows the stream once connected.</summary>
    public static Task WaitUntilConnectedAsync(IPage tab) =>
        Expect(tab.Locator("section.chat[data-connection=connected]")).ToBeVisibleAsync();

    /// <summary>What the page showed and logged, for a failure message; also saves a screenshot.</summary>
    public async Task<Exception> DescribeAsync(string what, Exception inner)
    {
        await ScreenshotAsync($"failure-{Guid.NewGuid():N}");
        var alerts = await page.GetByRole(AriaRole.Alert).AllInnerTextsAsync();
        lock (_console)
        {
            return new InvalidOperationException(
                $"{what} at {page.Url}. Alerts: [{string.Join(" | ", alerts)}]. Browser console:\n{string.Join("\n", _console)}", inner);
        }
    }

    /// <summary>Asks a question tagged with a short unique marker and returns the model's side of it.</summary>
    public async Task<ScriptedCall> AskAsync(string question = "Please answer")
    {
        var marker = $"#{Guid.NewGuid().ToString("N")[..10]}";
        question = $"{question} ({marker})";
        await MessageBox.FillAsync(question);
        await MessageBox.PressAsync("Enter");
        return await app.Model.CallForAsync(marker);
    }

    /// <summary>Another tab of the same browser (same cookie) on the same page.</summary>
    public async Task<IPage> OpenSecondTabAsync()
    {
        var tab = await context.NewPageAsync();
        await tab.GotoAsync(page.Url);
        return tab;
    }

    public Task ScreenshotAsync(string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(app.ScreenshotDirectory, $"{name}.png") });

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}
