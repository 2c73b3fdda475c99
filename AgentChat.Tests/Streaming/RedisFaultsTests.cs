using AgentChat.Api.Common;
using StackExchange.Redis;

namespace AgentChat.Tests.Streaming;

/// <summary>What every caller of Redis rides out (retry, warning, "try again") and what it lets surface as a bug.</summary>
public sealed class RedisFaultsTests
{
    public static TheoryData<Exception, bool> Exceptions => new()
    {
        { new RedisConnectionException(ConnectionFailureType.SocketFailure, "down"), true },
        { new RedisTimeoutException("slow", CommandStatus.Sent), true },
        { new RedisServerException("WRONGTYPE"), true },
        { new TimeoutException(), true },
        { new InvalidOperationException(), false },
        { new OperationCanceledException(), false },
        { new NullReferenceException(), false }
    };

    [Theory]
    [MemberData(nameof(Exceptions))]
    public void A_Redis_fault_is_an_error_of_Redis_or_a_timeout_and_nothing_else(Exception e, bool isFault)
    {
        Assert.Equal(isFault, e.IsRedisFault());
    }
}
