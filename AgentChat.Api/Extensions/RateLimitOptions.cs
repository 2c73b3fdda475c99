using System.ComponentModel.DataAnnotations;

namespace AgentChat.Api.Extensions;

/// <summary>Configuration section <c>RateLimiting</c>: the REST API's per-minute limits.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimiting";

    /// <summary>REST requests a signed-in user may make per minute.</summary>
    [Range(1, 100_000_000)]
    public int UserPermitsPerMinute { get; set; } = 300;

    /// <summary>Requests per minute from one address while signed out (register, login).</summary>
    [Range(1, 100_000_000)]
    public int AnonymousPermitsPerMinute { get; set; } = 60;
}
