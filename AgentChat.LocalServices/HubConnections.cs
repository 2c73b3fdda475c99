using AgentChat.Contracts;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;

namespace AgentChat.LocalServices;

/// <summary>
/// A .NET SignalR client for the chat hub the way the tests and the bench open it: WebSockets
/// straight away, signed in with a bearer token in the query (as browsers must for WebSockets)
/// unless <paramref name="authenticate"/> says otherwise.
/// </summary>
public static class HubConnections
{
    /// <param name="path">Another hub of the same server (the bench's echo hub); the chat hub by default.</param>
    public static HubConnection Create(Uri server, string? accessToken, string path = ChatHubMethods.HubPath) =>
        Create(server, options => options.AccessTokenProvider = () => Task.FromResult(accessToken), path);

    public static HubConnection Create(Uri server, Action<HttpConnectionOptions> authenticate, string path = ChatHubMethods.HubPath) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(server, path), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                authenticate(options);
            })
            .Build();
}
