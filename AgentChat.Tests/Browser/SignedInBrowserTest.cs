namespace AgentChat.Tests.Browser;

/// <summary>
/// What every browser test class that starts signed in shares: a fresh person, in a browser
/// context of their own, registered and signed in before each test and gone after it.
/// </summary>
public abstract class SignedInBrowserTest(BrowserFixture app) : IAsyncLifetime
{
    protected BrowserFixture App => app;

    protected Person You { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        You = await Person.OpenAsync(app);
        await You.RegisterAsync();
    }

    public async Task DisposeAsync() => await You.DisposeAsync();
}
