using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace AgentChat.Api.Streaming.Hubs;

/// <summary>
/// Against cross-site WebSocket hijacking: a browser sends the user's cookie with a WebSocket from
/// any page, so a hub connection signed in by cookie must come from the app's own origin (as the
/// browser reached it, through the Web proxy's X-Forwarded headers) or one listed in
/// <see cref="StreamingOptions.AllowedOrigins"/>. A connection with a bearer token is not affected:
/// a page on another site cannot hold the user's token. Requests without an Origin (not a browser) pass.
/// </summary>
public sealed class HubOriginCheck(RequestDelegate next, IOptions<StreamingOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Headers.Origin is { Count: > 0 } origin && !HasBearerToken(request) && !IsAllowed(origin.ToString(), request))
        {
            await TypedResults.Problem(title: "Origin not allowed",
                detail: "This page's origin may not open the chat with the user's cookie.",
                statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
            return;
        }
        await next(context);
    }

    private static bool HasBearerToken(HttpRequest request) =>
        request.Query.ContainsKey("access_token")
        || request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    private bool IsAllowed(string origin, HttpRequest request) =>
        string.Equals(origin, OwnOrigin(request), StringComparison.OrdinalIgnoreCase)
        || options.Value.AllowedOrigins.Any(allowed => string.Equals(origin, allowed.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));

    private static string OwnOrigin(HttpRequest request)
    {
        var scheme = First(request.Headers["X-Forwarded-Proto"]) ?? request.Scheme;
        var host = First(request.Headers["X-Forwarded-Host"]) ?? request.Host.Value;
        return $"{scheme}://{host}";
    }

    private static string? First(StringValues values) =>
        values.Count == 0 ? null : values.ToString().Split(',')[0].Trim() is { Length: > 0 } first ? first : null;
}
