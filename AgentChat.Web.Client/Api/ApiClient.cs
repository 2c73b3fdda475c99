using System.Net;
using System.Net.Http.Json;

namespace AgentChat.Web.Client.Api;

/// <summary>
/// The Api over HTTP on the page's own origin: the Identity cookie rides along by itself, so no
/// token is ever kept in browser storage.
/// </summary>
public sealed class ApiClient(HttpClient http)
{
    public async Task<SignedInUser?> MeAsync()
    {
        using var response = await http.GetAsync("api/auth/me");
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<SignedInUser>() : null;
    }

    public async Task<ApiResult<bool>> SignInAsync(Credentials credentials)
    {
        using var response = await http.PostAsJsonAsync("api/auth/login?useCookies=true", credentials);
        return response.IsSuccessStatusCode
            ? ApiResult<bool>.Ok(true)
            : ApiResult<bool>.Fail("That e-mail and password do not match an account.");
    }

    public async Task<ApiResult<bool>> RegisterAsync(Credentials credentials)
    {
        using var response = await http.PostAsJsonAsync("api/auth/register", credentials);
        return response.IsSuccessStatusCode
            ? ApiResult<bool>.Ok(true)
            : ApiResult<bool>.Fail(await ProblemText.ReadAsync(response));
    }

    public async Task SignOutAsync()
    {
        using var _ = await http.PostAsync("api/auth/logout", content: null);
    }

    public Task<ModelNotice?> ModelAsync() => http.GetFromJsonAsync<ModelNotice>("api/ai");

    public async Task<IReadOnlyList<AgentInfo>> AgentsAsync() =>
        await http.GetFromJsonAsync<List<AgentInfo>>("api/agents") ?? [];

    public async Task<IReadOnlyList<ConversationInfo>> ConversationsAsync() =>
        await http.GetFromJsonAsync<List<ConversationInfo>>("api/conversations") ?? [];

    public async Task<ConversationInfo?> ConversationAsync(Guid id)
    {
        using var response = await http.GetAsync($"api/conversations/{id}");
        return response.StatusCode == HttpStatusCode.NotFound
            ? null
            : await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<ConversationInfo>();
    }

    public async Task<ApiResult<ConversationInfo>> CreateConversationAsync(NewConversation request)
    {
        using var response = await http.PostAsJsonAsync("api/conversations", request);
        return response.IsSuccessStatusCode
            ? ApiResult<ConversationInfo>.Ok((await response.Content.ReadFromJsonAsync<ConversationInfo>())!)
            : ApiResult<ConversationInfo>.Fail(await ProblemText.ReadAsync(response));
    }

    public async Task DeleteConversationAsync(Guid id)
    {
        using var _ = await http.DeleteAsync($"api/conversations/{id}");
    }

    public async Task<IReadOnlyList<MessageInfo>> MessagesAsync(Guid conversationId) =>
        await http.GetFromJsonAsync<List<MessageInfo>>($"api/conversations/{conversationId}/messages") ?? [];
}
