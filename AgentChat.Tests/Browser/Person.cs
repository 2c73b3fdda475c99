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

    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };
    public static readonly ViewportSize Desktop = new() { Width = 1100, Height = 720 };

    public static async Task<Person> OpenAsync(BrowserFixture app, ViewportSize? screen = null, ColorScheme scheme = ColorScheme.Light,
        string? baseUrl = null)
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl ?? app.BaseUrl,
            ViewportSize = screen ?? Desktop,
            ColorScheme = scheme,
            Permissions = ["clipboard-read", "clipboard-write"]
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

    /// <summary>
    /// Each person is a fresh browser context, so their first page downloads the whole WebAssembly
    /// app; on a busy 2-core machine that alone has taken close to 20 s.
    /// </summary>
    public static readonly LocatorAssertionsToBeVisibleOptions FirstLoad = new() { Timeout = 60_000 };

    public async Task RegisterAsync()
    {
        await page.GotoAsync("register");
        await Expect(page.GetByLabel("Email")).ToBeVisibleAsync(FirstLoad);
        await page.GetByLabel("Email").FillAsync(Email);
        await page.GetByLabel("Password").FillAsync(TestUser.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        // Type at once: the composer is there (and focused) as soon as the person is signed in.
        await Expect(MessageBox).ToBeFocusedAsync();
    }

    public ILocator ConversationList => page.GetByRole(AriaRole.Navigation, new() { Name = "Conversations" });
    public ILocator MenuButton => page.GetByRole(AriaRole.Button, new() { Name = "Conversations" });

    /// <summary>At phone width the list is a drawer: opens it when it is closed.</summary>
    public async Task OpenConversationListAsync()
    {
        if (page.ViewportSize is { Width: <= 720 } && !await ConversationList.IsVisibleAsync())
        {
            await MenuButton.ClickAsync();
            await Expect(ConversationList).ToBeVisibleAsync();
        }
    }

    public async Task StartConversationAsync()
    {
        await OpenConversationListAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "New conversation" })).ToBeEnabledAsync();
        // From an open conversation the address already names one: wait for a different one.
        var current = Regex.Match(page.Url, "/c/([0-9a-f-]{36})$");
        var another = current.Success ? $"(?!{current.Groups[1].Value})" : "";
        await page.GetByRole(AriaRole.Button, new() { Name = "New conversation" }).ClickAsync();
        try
        {
            // Blazor navigates with history.pushState: poll the address rather than wait for a
            // load event that a same-document navigation may never give.
            await Expect(page).ToHaveURLAsync(new Regex($"/c/{another}[0-9a-f-]{{36}}$"));
            // The address changes before the page has switched conversations: wait for this one's connection.
            var id = page.Url[^36..];
            await Expect(page.Locator($"section.chat[data-conversation='{id}'][data-connection=connected]")).ToBeVisibleAsync();
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
        await MessageBox.FillAsync(Tagged(question, out var marker));
        await MessageBox.PressAsync("Enter");
        return await app.Model.CallForAsync(marker);
    }

    /// <summary>A question with a short unique marker the scripted model can be found by.</summary>
    public static string Tagged(string question, out string marker)
    {
        marker = $"#{Guid.NewGuid().ToString("N")[..10]}";
        return $"{question} ({marker})";
    }

    public ILocator Questions => page.Locator("article.message.user");
    public ILocator Answers => page.Locator("article.message.assistant");
    public ILocator Announcer => page.Locator("section.chat > p[role=status][aria-live=polite]");

    /// <summary>The page's messages in order, role and text, to compare what was shown with what was kept.</summary>
    public Task<string[]> TranscriptAsync() =>
        page.Locator("article.message").EvaluateAllAsync<string[]>(
            "articles => articles.map(a => (a.classList.contains('user') ? 'Q: ' : 'A: ') + a.querySelector('.bubble').innerText.trim())");

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
