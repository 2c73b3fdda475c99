using System.Net;
using Microsoft.AspNetCore.Components;

namespace AgentChat.Web.Client.Api;

/// <summary>
/// A 401 from anything but the sign-in endpoints means the cookie is gone (signed out in another
/// tab, or expired): the page goes to sign in rather than showing errors or retrying.
/// </summary>
public sealed class SignedOutHandler(NavigationManager navigation) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var path = request.RequestUri?.AbsolutePath ?? "";
        if (response.StatusCode == HttpStatusCode.Unauthorized && !path.Contains("/api/auth/", StringComparison.Ordinal))
        {
            navigation.NavigateTo("login");
        }
        return response;
    }
}
