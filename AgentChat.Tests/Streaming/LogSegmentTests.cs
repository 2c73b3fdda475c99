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

    [Fact]
    public void A_segment_stored_before_its_batch_had_a_checksum_reads_back_if_its_batch_is_whole_json()
    {
        var segment = LogSegment.Read(LogSegment.Field(9), (RedisValue)("16 complete\n" + Batch));

        Assert.NotNull(segment);
        Assert.Equal((9L, 16L, "complete"), (segment.First, segment.Last, segment.FinalStatus));
        Assert.Equal(Batch, Encoding.UTF8.GetString(segment.Batch.Span));
    }

    public static TheoryData<string> Damages => ["a byte changed", "cut short", "a byte more", "checksum changed", "checksum short", "checksum not hex"];

    /// <summary>Still one JSON object each time, so only the checksum can tell.</summary>
    [Theory]
    [MemberData(nameof(Damages))]
    public void A_segment_whose_batch_or_checksum_was_damaged_is_not_read_as_one(string damage)
    {
        var stored = Encoding.UTF8.GetString((byte[])LogSegment.Value(16, null, Encoding.UTF8.GetBytes(Batch))!);
        var newline = stored.IndexOf('\n');
        var (header, batch) = (stored[..newline], stored[(newline + 1)..]);
        var checksum = header[(header.LastIndexOf(' ') + 1)..];
        Assert.NotNull(LogSegment.Read(LogSegment.Field(9), (RedisValue)stored));
        Assert.Equal(16, checksum.Length);

        var damaged = damage switch
        {
            "a byte changed" => header + "\n" + batch.Replace("\"a", "\"b"),
            "cut short" => header + "\n" + batch.Replace(" b\"", "\""),
            "a byte more" => header + "\n" + batch.Replace("\"a", "\"aa"),
            "checksum changed" => header[..^1] + (checksum[^1] == '0' ? '1' : '0') + "\n" + batch,
            "checksum short" => header[..^1] + "\n" + batch,
            _ => header[..^1] + "g\n" + batch
        };
        Assert.NotEqual(stored, damaged);
        Assert.Null(LogSegment.Read(LogSegment.Field(9), (RedisValue)damaged));
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
