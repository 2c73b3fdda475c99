using AgentChat.Contracts;
using AgentChat.Web.Client.Api;
using Microsoft.AspNetCore.Components;

namespace AgentChat.Web.Client.Account;

/// <summary>
/// Who is signed in and which model answers, asked once per page load and shared by the layout and
/// the pages. The cookie itself is the browser's business; this only remembers what the Api said.
/// </summary>
public sealed class Session(ApiClient api, NavigationManager navigation)
{
    private Task<SignedInUser?>? _user;
    private Task<AiInfo?>? _model;

    public event Action? Changed;

    public Task<SignedInUser?> UserAsync() => _user ??= api.MeAsync();

    public Task<AiInfo?> ModelAsync() => _model ??= api.ModelAsync();

    /// <summary>The signed-in user, or a trip to the sign-in page.</summary>
    public async Task<SignedInUser?> RequireUserAsync()
    {
        var user = await UserAsync();
        if (user is null)
        {
            navigation.NavigateTo("login");
        }
        return user;
    }

    public void Forget()
    {
        _user = null;
        _model = null;
        Changed?.Invoke();
    }
}
