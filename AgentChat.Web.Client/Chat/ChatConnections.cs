using Microsoft.AspNetCore.Components;

namespace AgentChat.Web.Client.Chat;

/// <summary>
/// Opens the page's connections to the hub on the page's own origin (Web proxies <c>/hubs</c> to
/// the Api). Each open conversation owns the connection it gets and disposes it when it closes.
/// </summary>
public sealed class ChatConnections(NavigationManager navigation)
{
    public const string HubPath = "hubs/chat";

    public ChatConnection Open() => new(navigation.ToAbsoluteUri(HubPath));
}
