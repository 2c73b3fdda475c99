namespace AgentChat.Tests.Infrastructure;

/// <summary>One Api with its own database, shared by the tests of a collection.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private Lazy<Task<TestUser>>? _admin;

    public ApiFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var servers = await SharedServers.GetAsync();
        Factory = new ApiFactory(servers, $"api_{Guid.NewGuid():N}");
        _ = Factory.Server; // builds the host: migrations and seeding run here, once
        _admin = new Lazy<Task<TestUser>>(() => TestUser.RegisterAsync(Factory.CreateClient(), Factory.AdminEmail));
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();

    public Task<TestUser> NewUserAsync() => TestUser.RegisterAsync(Factory.CreateClient());

    /// <summary>The one account the Api's configuration names as admin, registered on first use.</summary>
    public Task<TestUser> AdminAsync() => _admin!.Value;
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
