using StackExchange.Redis;

namespace AgentChat.Api.Common;

/// <summary>
/// The one definition of "Redis failed us" that every caller here rides out (a retry, a warning,
/// a clear "try again"): an error from the client or the server, or a command that timed out.
/// Anything else is a bug and is left to surface.
/// </summary>
public static class RedisFaults
{
    public static bool IsRedisFault(this Exception e) => e is RedisException or TimeoutException;
}
