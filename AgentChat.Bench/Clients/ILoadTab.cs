using AgentChat.Bench.Scenarios;

namespace AgentChat.Bench.Clients;

/// <summary>
/// One simulated browser tab the load schedule drives, whatever it talks to: AgentChat over
/// SignalR (<see cref="StreamSlot"/>) or the peer over SSE (<see cref="SseTab"/>).
/// </summary>
public interface ILoadTab
{
    /// <summary>
    /// False while the tab's next send is also its join: the server subscribes it to the
    /// conversation on the send path (a cold join). The peer has no join: always true.
    /// </summary>
    bool Warm { get; }

    /// <summary>
    /// Sends one question and returns the trace its answer's chunks arrive in, when the accepted
    /// send began (what latencies count from) and when the server accepted it (SendMessage
    /// returned; the peer's response headers came).
    /// </summary>
    Task<(StreamTrace Trace, long SentAt, long AcceptedAt)> SendAsync(StepPlan plan);
}
