using Yarp.ReverseProxy.Configuration;

namespace AgentChat.Web.Proxy;

/// <summary>
/// Forwards <c>/api</c> and <c>/hubs</c> to the Api (found by Aspire service discovery) so the
/// browser sees one origin: the Identity cookie works as is and no token sits in browser storage.
/// WebSockets pass through, so SignalR frames are visible in the browser's devtools.
/// </summary>
public static class ApiProxyExtensions
{
    public static IHostApplicationBuilder AddApiProxy(this IHostApplicationBuilder builder)
    {
        var address = builder.Configuration["ApiProxy:Address"] ?? "http://api";
        builder.Services.AddReverseProxy()
            .LoadFromMemory(
                [
                    new RouteConfig { RouteId = "api", ClusterId = "api", Match = new RouteMatch { Path = "/api/{**rest}" } },
                    new RouteConfig { RouteId = "hubs", ClusterId = "api", Match = new RouteMatch { Path = "/hubs/{**rest}" } }
                ],
                [
                    new ClusterConfig
                    {
                        ClusterId = "api",
                        Destinations = new Dictionary<string, DestinationConfig> { ["api"] = new() { Address = address } }
                    }
                ])
            .AddServiceDiscoveryDestinationResolver();
        return builder;
    }
}
