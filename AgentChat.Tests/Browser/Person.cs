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
        return new Person(app, context, page);
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
        await page.WaitForURLAsync("**/c/*");
        await Expect(MessageBox).ToBeVisibleAsync();
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
