using System.Net;
using System.Net.Http.Json;
using AgentChat.Contracts;

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

    public Task<AiInfo?> ModelAsync() => http.GetFromJsonAsync<AiInfo>("api/ai");

    public async Task<IReadOnlyList<AgentSummary>> AgentsAsync() =>
        await http.GetFromJsonAsync<List<AgentSummary>>("api/agents") ?? [];

    public async Task<IReadOnlyList<ConversationSummary>> ConversationsAsync() =>
        await http.GetFromJsonAsync<List<ConversationSummary>>("api/conversations") ?? [];

    public async Task<ConversationSummary?> ConversationAsync(Guid id)
    {
        using var response = await http.GetAsync($"api/conversations/{id}");
        return response.StatusCode == HttpStatusCode.NotFound
            ? null
            : await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<ConversationSummary>();
    }

    public async Task<ApiResult<ConversationSummary>> CreateConversationAsync(CreateConversationRequest request)
    {
        using var response = await http.PostAsJsonAsync("api/conversations", request);
        return response.IsSuccessStatusCode
            ? ApiResult<ConversationSummary>.Ok((await response.Content.ReadFromJsonAsync<ConversationSummary>())!)
            : ApiResult<ConversationSummary>.Fail(await ProblemText.ReadAsync(response));
    }

    /// <summary>Null when it is gone (or already was); otherwise why not (an answer that would not stop, say).</summary>
    public async Task<string?> DeleteConversationAsync(Guid id)
    {
        using var response = await http.DeleteAsync($"api/conversations/{id}");
        return response.IsSuccessStatusCode || response.StatusCode == System.Net.HttpStatusCode.NotFound
            ? null
            : await ProblemText.ReadAsync(response);
    }

    public async Task<ApiResult<ConversationSummary>> RenameConversationAsync(Guid id, string title)
    {
        using var response = await http.PatchAsJsonAsync($"api/conversations/{id}", new RenameConversationRequest(title));
        return response.IsSuccessStatusCode
            ? ApiResult<ConversationSummary>.Ok((await response.Content.ReadFromJsonAsync<ConversationSummary>())!)
            : ApiResult<ConversationSummary>.Fail(await ProblemText.ReadAsync(response));
    }

    /// <summary>Takes back the last question and its answer, to send it again edited or as it was.</summary>
    public async Task<ApiResult<RetractedTurn>> RetractLastTurnAsync(Guid conversationId)
    {
        using var response = await http.DeleteAsync($"api/conversations/{conversationId}/last-turn");
        return response.IsSuccessStatusCode
            ? ApiResult<RetractedTurn>.Ok((await response.Content.ReadFromJsonAsync<RetractedTurn>())!)
            : ApiResult<RetractedTurn>.Fail(await ProblemText.ReadAsync(response));
    }

    public async Task<IReadOnlyList<MessageSnapshot>> MessagesAsync(Guid conversationId) =>
        await http.GetFromJsonAsync<List<MessageSnapshot>>($"api/conversations/{conversationId}/messages") ?? [];
}
