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
    public static HubConnection Create(Uri server, string? accessToken) =>
        Create(server, options => options.AccessTokenProvider = () => Task.FromResult(accessToken));

    public static HubConnection Create(Uri server, Action<HttpConnectionOptions> authenticate) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(server, ChatHubMethods.HubPath), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                authenticate(options);
            })
            .Build();
}
