using Microsoft.AspNetCore.SignalR.Client;

namespace AgentChat.Web.Client.Chat;

/// <summary>
/// Never gives up: a chat left open over a long outage should come back by itself. Retries at
/// once, then back off to a ceiling so a down server is not hammered by every open tab.
/// </summary>
public sealed class ReconnectBackoff : IRetryPolicy
{
    private static readonly TimeSpan[] Steps =
        [TimeSpan.Zero, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)];

    public TimeSpan? NextRetryDelay(RetryContext retryContext) =>
        Steps[(int)Math.Min(retryContext.PreviousRetryCount, Steps.Length - 1)];
}
