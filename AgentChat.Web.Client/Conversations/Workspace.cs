using AgentChat.Contracts;
using AgentChat.Web.Client.Api;

namespace AgentChat.Web.Client.Conversations;

/// <summary>
/// What every page around the chat shares: the agents, the person's conversations (titles kept
/// live from the hub), the agent a new conversation starts with, the phone drawer, and a first
/// message typed before its conversation existed.
/// </summary>
public sealed class Workspace(ApiClient api)
{
    private (Guid ConversationId, string Text)? _firstMessage;
    private Task? _loading;

    public IReadOnlyList<AgentSummary> Agents { get; private set; } = [];
    public List<ConversationSummary> Conversations { get; private set; } = [];
    public string SelectedAgentId { get; set; } = "";
    public bool Loaded { get; private set; }
    public bool DrawerOpen { get; private set; }

    public event Action? Changed;

    public Task LoadAsync() => _loading = LoadAgentsAndConversationsAsync();

    private async Task LoadAgentsAndConversationsAsync()
    {
        Agents = await api.AgentsAsync();
        if (Agents.All(a => a.Id.ToString() != SelectedAgentId))
        {
            SelectedAgentId = Agents.FirstOrDefault()?.Id.ToString() ?? "";
        }
        Conversations = (await api.ConversationsAsync()).ToList();
        Loaded = true;
        Changed?.Invoke();
    }

    public string AgentName(Guid? agentId) => Agents.FirstOrDefault(a => a.Id == agentId)?.Name ?? "";

    public string? TitleOf(Guid id) => Conversations.FirstOrDefault(c => c.Id == id)?.Title;

    /// <summary>Creates a conversation with the selected agent; a first message waits for its page.</summary>
    public async Task<ApiResult<ConversationSummary>> StartAsync(string? firstMessage = null)
    {
        if (SelectedAgentId.Length == 0)
        {
            // Typed and sent before the agents had loaded: wait for them, then start with the first.
            await (_loading ?? LoadAsync());
        }
        var created = await api.CreateConversationAsync(new CreateConversationRequest(SelectedAgentId, null));
        if (created.Value is { } conversation)
        {
            ApplyCreated(conversation); // unless the hub told this tab of it already
            _firstMessage = firstMessage is null ? null : (conversation.Id, firstMessage);
            DrawerOpen = false;
            Changed?.Invoke();
        }
        return created;
    }

    public string? TakeFirstMessage(Guid conversationId)
    {
        if (_firstMessage is not { } pending || pending.ConversationId != conversationId)
        {
            return null;
        }
        _firstMessage = null;
        return pending.Text;
    }

    /// <summary>
    /// Keeps the list true from the hub: conversations created, renamed or deleted in any tab.
    /// Every page that holds a connection (a conversation's, or the home view's) follows it.
    /// </summary>
    public void Follow(Chat.ChatConnection connection)
    {
        connection.TitleChanged += ApplyTitle;
        connection.ConversationCreated += ApplyCreated;
        connection.ConversationDeleted += deleted => ApplyDeleted(deleted.ConversationId);
    }

    /// <summary>Raised when a conversation was deleted, here or in another tab.</summary>
    public event Action<Guid>? Deleted;

    public void ApplyCreated(ConversationSummary conversation)
    {
        if (Conversations.All(c => c.Id != conversation.Id))
        {
            Conversations.Insert(0, conversation);
            Changed?.Invoke();
        }
    }

    public void ApplyDeleted(Guid id)
    {
        if (Conversations.RemoveAll(c => c.Id == id) > 0)
        {
            Changed?.Invoke();
        }
        Deleted?.Invoke(id);
    }

    /// <summary>A title from the hub (first message, the model, a rename in another tab).</summary>
    public void ApplyTitle(ConversationTitleChanged change)
    {
        var index = Conversations.FindIndex(c => c.Id == change.ConversationId);
        if (index >= 0)
        {
            Conversations[index] = Conversations[index] with { Title = change.Title };
            Changed?.Invoke();
        }
    }

    public async Task<string?> RenameAsync(Guid id, string title)
    {
        var renamed = await api.RenameConversationAsync(id, title);
        if (renamed.Value is { } conversation)
        {
            ApplyTitle(new ConversationTitleChanged(conversation.Id, conversation.Title));
        }
        return renamed.Error;
    }

    /// <summary>Null once deleted; otherwise why not, and the conversation stays.</summary>
    public async Task<string?> DeleteAsync(Guid id)
    {
        var error = await api.DeleteConversationAsync(id);
        if (error is null)
        {
            ApplyDeleted(id);
        }
        return error;
    }

    public void ToggleDrawer()
    {
        DrawerOpen = !DrawerOpen;
        Changed?.Invoke();
    }

    public void CloseDrawer()
    {
        if (DrawerOpen)
        {
            DrawerOpen = false;
            Changed?.Invoke();
        }
    }
}
