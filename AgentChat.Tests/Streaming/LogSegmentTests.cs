using System.Text;
using AgentChat.Api.Streaming.Chunks;
using StackExchange.Redis;

namespace AgentChat.Tests.Streaming;

/// <summary>
/// A sealed segment of the log reads back as it was stored, and anything else stored under the
/// segments key (a foreign or damaged value) is not taken for one: it would be sent to clients as it is.
/// The same for the segments' owner: a damaged one vouches for no one.
/// </summary>
public sealed class LogSegmentTests
{
    private const string Batch = """{"messageId":"m","chunks":[{"sequence":9,"chunk":"a\n b"}]}""";

    [Theory]
    [InlineData(null)]
    [InlineData("complete")]
    [InlineData("stopped")]
    public void A_stored_segment_reads_back_with_its_range_final_status_and_batch(string? finalStatus)
    {
        var segment = LogSegment.Read(LogSegment.Field(9), LogSegment.Value(16, finalStatus, Encoding.UTF8.GetBytes(Batch)));

        Assert.NotNull(segment);
        Assert.Equal((9L, 16L, 8L, finalStatus), (segment.First, segment.Last, segment.Count, segment.FinalStatus));
        Assert.Equal(Batch, Encoding.UTF8.GetString(segment.Batch.Span));
    }

    [Theory]
    [InlineData("x", "16 -\n{}")]
    [InlineData("0", "16 -\n{}")]
    [InlineData("9", "")]
    [InlineData("9", "16 -")]
    [InlineData("9", "16\n{}")]
    [InlineData("9", "8 -\n{}")]
    [InlineData("9", "1x6 -\n{}")]
    [InlineData("9", "16 -\n")]
    [InlineData("9", "16 -\n[1]")]
    [InlineData("9", "16 -\n{\"a\":")]
    [InlineData("9", "16 -\n{} {}")]
    [InlineData("9", "16 -\n{\"a\":1}}")]
    public void A_value_that_is_not_a_whole_segment_is_not_read_as_one(string field, string value)
    {
        Assert.Null(LogSegment.Read(field, (RedisValue)value));
    }

    [Theory]
    [InlineData("6f1c0c8e-2b1d-4d7e-9a55-0c7e1f3b9a21")]
    [InlineData("a user id with spaces")]
    [InlineData("x")]
    public void A_segments_owner_reads_back_as_it_was_stored(string userId)
    {
        var owner = new SegmentOwner(userId, Guid.NewGuid(), Guid.NewGuid());

        Assert.Equal(owner, SegmentOwner.Read(owner.Value()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("0123456789abcdef0123456789abcdef 0123456789abcdef0123456789abcdef ")]
    [InlineData("0123456789abcdef0123456789abcdef 0123456789abcdef0123456789abcdef")]
    [InlineData("0123456789abcdef0123456789abcdef_0123456789abcdef0123456789abcdef user")]
    [InlineData("0123456789abcdef0123456789abcdef 0123456789abcdef0123456789abcdef_user")]
    [InlineData("0123456789abcdef0123456789abcdeX 0123456789abcdef0123456789abcdef user")]
    [InlineData("0123456789abcdef0123456789abcdef 0123456789abcdef0123456789abcdeX user")]
    public void A_value_that_is_not_a_whole_owner_vouches_for_no_one(string value)
    {
        Assert.Null(SegmentOwner.Read(value));
    }
}
