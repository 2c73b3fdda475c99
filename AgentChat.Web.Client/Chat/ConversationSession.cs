using AgentChat.Contracts;
using AgentChat.Web.Client.Api;
using Microsoft.AspNetCore.SignalR;

namespace AgentChat.Web.Client.Chat;

/// <summary>
/// One open conversation: its messages, drawn from REST and kept growing by the hub. On opening
/// (and so on reload) partial answers come from REST with the sequence they end at, then resume
/// right after it; after a reconnect every answer still streaming resumes from its last applied
/// sequence; a chunk for an answer this page has not seen (a second tab's question) pulls the
/// conversation from REST and resumes that answer too.
/// </summary>
public sealed class ConversationSession(Guid conversationId, ApiClient api, ChatConnection connection, TimeProvider time)
    : IAsyncDisposable
{
    private int _sending;
    private bool _retracting;
    private DateTimeOffset? _askedAt;
    private bool _refreshing;
    private bool _refreshAgain;

    public Guid ConversationId => conversationId;
    public List<ChatMessage> Messages { get; private set; } = [];
    private ITimer? _watchdog;

    public ConnectionState Connection => connection.State;
    public string? Error { get; private set; }
    public bool IsAnswering => Messages.Any(m => m.IsAssistant && m.IsStreaming);

    /// <summary>A question is on its way or being taken back: the composer stays locked meanwhile.</summary>
    public bool IsBusy => _sending > 0 || _retracting;

    /// <summary>The latest thing the polite live region should say (an answer ended), or null.</summary>
    public string? Announcement { get; private set; }

    /// <summary>The answer that Regenerate may replace, and the question that Edit may change: the last ones.</summary>
    public ChatMessage? LastAnswer => Messages.LastOrDefault() is { IsAssistant: true } last ? last : null;
    public ChatMessage? LastQuestion => LastAnswer is { } answer ? Messages.Take(Messages.IndexOf(answer)).LastOrDefault(m => !m.IsAssistant) : null;

    /// <summary>Raised when messages came or went, a status changed, or the connection's state did.</summary>
    public event Action? Changed;

    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        _watchdog = time.CreateTimer(_ => _ = ResumeWhatIsMissingAsync(), null, StreamWatchdog.CheckEvery, StreamWatchdog.CheckEvery);
        connection.ChunkReceived += OnChunk;
        connection.LastTurnRetracted += OnRetracted;
        connection.StateChanged += _ => Changed?.Invoke();
        connection.Reconnected = FollowAsync;
        await RefreshAsync();
        await connection.StartAsync(cancellationToken);
        if (connection.State == ConnectionState.Connected)
        {
            await FollowAsync();
        }
    }

    public async Task SendAsync(string text)
    {
        Error = null;
        var question = ChatMessage.UserQuestion(Guid.NewGuid(), text);
        Messages.Add(question);
        Changed?.Invoke();
        _sending++;
        _askedAt = time.GetUtcNow();
        try
        {
            var sent = await connection.SendMessageAsync(conversationId, text);
            question.Confirm(sent.UserMessageId);
            var answer = Find(sent.AssistantMessageId);
            if (answer is null)
            {
                answer = ChatMessage.AwaitingAnswer(sent.AssistantMessageId, sent.AgentId);
                answer.Touch(time.GetUtcNow());
                answer.Metrics.AskedAt = _askedAt;
                Messages.Add(answer);
            }
        }
        catch (HubException error)
        {
            Messages.Remove(question);
            Error = error.Message;
        }
        catch (Exception) when (connection.State != ConnectionState.Connected)
        {
            Messages.Remove(question);
            Error = "Not connected: your message was not sent. Try again once the connection is back.";
        }
        finally
        {
            _sending--;
        }
        Changed?.Invoke();
    }

    public async Task StopAsync()
    {
        foreach (var answer in Messages.Where(m => m.IsAssistant && m.IsStreaming).ToList())
        {
            await connection.StopGeneratingAsync(answer.Id);
        }
    }

    /// <summary>Replaces the last answer, whatever its status, with a new answer to the same question.</summary>
    public Task RegenerateAsync() => ReplaceLastTurnAsync(edited: null);

    /// <summary>Replaces the last question with <paramref name="text"/> and asks it; the old answer goes.</summary>
    public Task EditLastQuestionAsync(string text) => ReplaceLastTurnAsync(text);

    /// <summary>
    /// The server takes back the last question and its answer (refusing while it streams), so the
    /// question asked next has exactly the history before it, here and in what is stored.
    /// </summary>
    private async Task ReplaceLastTurnAsync(string? edited)
    {
        if (IsBusy || IsAnswering || LastAnswer is null)
        {
            return;
        }
        Error = null;
        _retracting = true;
        Changed?.Invoke();
        try
        {
            var retracted = await api.RetractLastTurnAsync(conversationId);
            if (retracted.Value is not { } turn)
            {
                Error = retracted.Error;
                return;
            }
            Messages.RemoveAll(m => m.Id == turn.QuestionId || m.Id == turn.AnswerId);
            _retracting = false;
            await SendAsync(string.IsNullOrWhiteSpace(edited) ? turn.Question : edited.Trim());
        }
        finally
        {
            _retracting = false;
            Changed?.Invoke();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _watchdog?.Dispose();
        connection.ChunkReceived -= OnChunk;
        connection.LastTurnRetracted -= OnRetracted;
        await connection.DisposeAsync();
    }

    /// <summary>Another tab (or this one) took the last turn back to regenerate or edit it: it is gone here too.</summary>
    private void OnRetracted(LastTurnRetracted retracted)
    {
        if (retracted.ConversationId == conversationId
            && Messages.RemoveAll(m => m.Id == retracted.QuestionId || m.Id == retracted.AnswerId) > 0)
        {
            Changed?.Invoke();
        }
    }

    private void OnChunk(MessageChunk chunk)
    {
        if (chunk.ConversationId != conversationId)
        {
            return;
        }
        var message = Find(chunk.MessageId);
        if (message is null)
        {
            message = ChatMessage.AwaitingAnswer(chunk.MessageId, chunk.AgentId);
            message.Metrics.AskedAt = _sending > 0 ? _askedAt : null;
            Messages.Add(message);
            if (_sending == 0)
            {
                // Asked elsewhere (another tab): fetch the question and the answer so far.
                _ = RefreshAsync();
            }
            Changed?.Invoke();
        }
        var wasStreaming = message.IsStreaming;
        message.Apply(chunk, time.GetUtcNow());
        if (wasStreaming != message.IsStreaming)
        {
            Announcement = Announcements.WhenEnded(message);
            Changed?.Invoke();
            // The stored answer names the model that produced it.
            _ = RefreshAsync();
        }
    }

    /// <summary>
    /// After every (re)connect: join the conversation, resume each answer still streaming
    /// after its last applied sequence, then read REST again for anything asked while this page
    /// was not watching it yet (those answers resume too).
    /// </summary>
    private async Task FollowAsync()
    {
        await connection.JoinConversationAsync(conversationId);
        await ResumeAsync(Messages.Where(m => m.IsStreaming).ToList());
        await RefreshAsync();
    }

    /// <summary>Merges the Api's view of the conversation in; answers new to this page resume.</summary>
    private async Task RefreshAsync()
    {
        if (_refreshing)
        {
            _refreshAgain = true;
            return;
        }
        _refreshing = true;
        try
        {
            do
            {
                _refreshAgain = false;
                var snapshot = await api.MessagesAsync(conversationId);
                var merged = new List<ChatMessage>();
                var fresh = new List<ChatMessage>();
                foreach (var info in snapshot)
                {
                    if (Find(info.Id) is { } known)
                    {
                        known.CatchUp(info, time.GetUtcNow());
                        merged.Add(known);
                    }
                    else
                    {
                        var message = ChatMessage.FromApi(info);
                        message.Touch(time.GetUtcNow());
                        merged.Add(message);
                        fresh.Add(message);
                    }
                }
                // Keep what this page has that the snapshot predates (a question just sent).
                merged.AddRange(Messages.Where(m => snapshot.All(s => s.Id != m.Id)));
                Messages = merged;
                Changed?.Invoke();
                if (connection.State == ConnectionState.Connected)
                {
                    await ResumeAsync(fresh.Where(m => m.IsStreaming).ToList());
                }
            }
            while (_refreshAgain);
        }
        finally
        {
            _refreshing = false;
        }
    }

    /// <summary>Protocol rules 4 and 5: a gap that stays, or silence while streaming, asks the hub again.</summary>
    private async Task ResumeWhatIsMissingAsync()
    {
        if (connection.State != ConnectionState.Connected)
        {
            return; // a reconnect resumes everything anyway
        }
        var due = StreamWatchdog.Due(Messages, time.GetUtcNow());
        if (due.Count > 0)
        {
            try
            {
                await ResumeAsync(due);
            }
            catch (Exception)
            {
                // The connection went meanwhile: the reconnect resumes these.
            }
        }
    }

    private async Task ResumeAsync(IReadOnlyList<ChatMessage> streaming)
    {
        foreach (var message in streaming)
        {
            // Replayed chunks arrive before the result (same connection, in order), so an answer
            // still streaming here while the hub says it ended never got its last chunk.
            bool endedWithoutLastChunk;
            try
            {
                var result = await connection.ResumeStreamAsync(message.Id, message.LastSequence);
                endedWithoutLastChunk = !result.LogAvailable || result.Status != WireStatus.Streaming;
            }
            catch (HubException)
            {
                endedWithoutLastChunk = true;
            }
            if (endedWithoutLastChunk && message.IsStreaming)
            {
                // The log could not finish the story (expired, or the hub refused): the stored
                // message is the truth.
                var stored = (await api.MessagesAsync(conversationId)).FirstOrDefault(m => m.Id == message.Id);
                if (stored is not null)
                {
                    message.CatchUp(stored, time.GetUtcNow());
                }
            }
        }
        Changed?.Invoke();
    }

    private ChatMessage? Find(Guid id) => Messages.FirstOrDefault(m => m.Id == id);
}
