using System.Net;
using Microsoft.AspNetCore.SignalR.Client;

namespace AgentChat.Web.Client.Chat;

/// <summary>
/// Never gives up while the server cannot be reached: a chat left open over a long outage should
/// come back by itself. Retries at once, then back off to a ceiling so a down server is not
/// hammered by every open tab. Gives up only when the server says the person is signed out (401):
/// retrying cannot fix that, signing in can.
/// </summary>
public sealed class ReconnectBackoff : IRetryPolicy
{
    private static readonly TimeSpan[] Steps =
        [TimeSpan.Zero, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)];

    /// <summary>Set when a reconnect was refused with 401 and the policy stopped retrying.</summary>
    public bool GaveUpSignedOut { get; private set; }

    public static bool IsSignedOut(Exception? error) =>
        error is HttpRequestException { StatusCode: HttpStatusCode.Unauthorized }
        || error?.InnerException is HttpRequestException { StatusCode: HttpStatusCode.Unauthorized };

    public TimeSpan? NextRetryDelay(RetryContext retryContext)
    {
        if (IsSignedOut(retryContext.RetryReason))
        {
            GaveUpSignedOut = true;
            return null;
        }
        return Steps[(int)Math.Min(retryContext.PreviousRetryCount, Steps.Length - 1)];
    }
}
