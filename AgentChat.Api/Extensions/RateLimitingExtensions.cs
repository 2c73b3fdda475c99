using System.Threading.RateLimiting;
using AgentChat.Api.Common;
using Microsoft.Extensions.Options;

namespace AgentChat.Api.Extensions;

public static class RateLimitingExtensions
{
    public const string ApiPolicy = "api";

    /// <summary>Per user (or per address when signed out), a fixed window; over it, 429 with Retry-After.</summary>
    public static IHostApplicationBuilder AddApiRateLimiting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>()
            .Bind(builder.Configuration.GetSection(RateLimitOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, ct) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
                }
                await TypedResults.Problem(title: "Too many requests", detail: "Slow down and try again shortly.",
                    statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context.HttpContext);
            };
            limiter.AddPolicy(ApiPolicy, http =>
            {
                var limits = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                var signedIn = http.User.Identity?.IsAuthenticated == true;
                var key = signedIn ? "user:" + http.User.UserId() : "ip:" + http.Connection.RemoteIpAddress;
                var permits = signedIn ? limits.UserPermitsPerMinute : limits.AnonymousPermitsPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0
                });
            });
        });
        return builder;
    }
}
