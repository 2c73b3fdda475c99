using System.Diagnostics;
using AgentChat.Api.Extensions;
using AgentChat.Contracts;
using AgentChat.LocalServices;
using Microsoft.AspNetCore.SignalR.Client;

namespace AgentChat.Bench.Clients;

/// <summary>
/// The transport's zero line: the Api's bench-only echo hub (<see cref="BenchProbeExtensions.BenchEchoHub"/>),
/// opened the way a tab opens the chat hub (same client, WebSockets, JSON, signed in). An echo is a
/// hub call that pushes one chunk and returns, so the time to its chunk is what a send would take
/// to show its first chunk if the turn and the generation cost nothing.
/// </summary>
public sealed class EchoConnection : IAsyncDisposable
{
    private readonly HubConnection _hub;
    private Echo? _waiting;

    private EchoConnection(HubConnection hub)
    {
        _hub = hub;
        hub.On<MessageChunk>(ChatHubMethods.MessageChunk, chunk =>
        {
            var arrivedAt = Stopwatch.GetTimestamp();
            // Only the echo being waited for: a late chunk of one that timed out must not end the next.
            if (Volatile.Read(ref _waiting) is { } waiting && waiting.Sequence == chunk.Sequence)
            {
                waiting.Arrived.TrySetResult(arrivedAt);
            }
        });
    }

    public static async Task<EchoConnection> ConnectAsync(Uri server, string accessToken)
    {
        var echo = new EchoConnection(HubConnections.Create(server, accessToken, BenchProbeExtensions.EchoHubPath));
        await echo._hub.StartAsync();
        return echo;
    }

    /// <summary>Milliseconds from invoking the echo to its chunk's arrival; one echo at a time.</summary>
    public async Task<double> EchoAsync(long sequence, TimeSpan timeout)
    {
        var waiting = new Echo(sequence, new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
        Volatile.Write(ref _waiting, waiting);
        var sentAt = Stopwatch.GetTimestamp();
        var returned = await _hub.InvokeAsync<long>(BenchProbeExtensions.EchoMethod, sequence).WaitAsync(timeout);
        if (returned != sequence)
        {
            throw new InvalidOperationException($"The echo hub answered {returned} to {sequence}.");
        }
        return Stopwatch.GetElapsedTime(sentAt, await waiting.Arrived.Task.WaitAsync(timeout)).TotalMilliseconds;
    }

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    private sealed record Echo(long Sequence, TaskCompletionSource<long> Arrived);
}
