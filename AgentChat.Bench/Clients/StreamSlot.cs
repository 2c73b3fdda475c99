using System.Diagnostics;
using AgentChat.Bench.Scenarios;

namespace AgentChat.Bench.Clients;

/// <summary>One place an AgentChat stream runs from: a user's own connection and conversation.</summary>
public sealed class StreamSlot(BenchUser user, ChatClientConnection connection, Guid conversationId) : ILoadTab
{
    public BenchUser User => user;
    public ChatClientConnection Connection => connection;
    public Guid ConversationId => conversationId;

    /// <summary>Set once the tab has joined its conversation, up front or by a first send.</summary>
    public bool Warm { get; private set; }

    public async Task JoinAsync()
    {
        await connection.JoinAsync(conversationId);
        Warm = true;
    }

    /// <summary>The Api's Demo model sets the answer's length and pace, so the plan's are not sent.</summary>
    public async Task<(StreamTrace Trace, long SentAt, long AcceptedAt)> SendAsync(StepPlan plan)
    {
        var (sent, sentAt) = await connection.SendAsync(conversationId, plan.Question);
        var acceptedAt = Stopwatch.GetTimestamp();
        Warm = true;
        return (connection.Trace(sent.AssistantMessageId), sentAt, acceptedAt);
    }
}
