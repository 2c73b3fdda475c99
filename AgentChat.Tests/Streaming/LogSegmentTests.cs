using System.Text;
using AgentChat.Api.Streaming.Chunks;
using StackExchange.Redis;

namespace AgentChat.Tests.Streaming;

/// <summary>
/// A sealed segment of the log reads back as it was stored, and anything else stored under the
/// segments key (a foreign or damaged value) is not taken for one: it would be sent to clients as it is.
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
}
