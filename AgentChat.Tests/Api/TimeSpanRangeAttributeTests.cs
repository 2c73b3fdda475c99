using System.ComponentModel.DataAnnotations;
using System.Reflection;
using AgentChat.Api.Common;
using AgentChat.Api.Streaming;

namespace AgentChat.Tests.Api;

/// <summary>
/// Time settings are checked by <see cref="TimeSpanRangeAttribute"/>, which two hosts starting at
/// once can share safely: the framework's RangeAttribute with string bounds set itself up on first
/// use without a lock and failed a test run with an InvalidCastException (dotnet/runtime#1143).
/// </summary>
public sealed class TimeSpanRangeAttributeTests
{
    [Theory]
    [InlineData("00:00:01", true)]
    [InlineData("00:00:00.500", true)]
    [InlineData("00:00:00.100", true)]
    [InlineData("00:00:00.099", false)]
    [InlineData("00:00:01.001", false)]
    [InlineData("-00:00:01", false)]
    public void Both_bounds_are_inside_and_anything_past_them_is_not(string value, bool valid)
    {
        var range = new TimeSpanRangeAttribute("00:00:00.100", "00:00:01");

        Assert.Equal(valid, range.IsValid(TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Null_passes_a_value_that_is_no_time_fails_and_the_message_names_the_setting_and_bounds()
    {
        var range = new TimeSpanRangeAttribute("00:00:01", "7.00:00:00");

        Assert.True(range.IsValid(null));
        Assert.False(range.IsValid("00:00:02"));
        Assert.False(range.IsValid(2));
        Assert.Equal("The field ResumeRetention must be between 00:00:01 and 7.00:00:00.", range.FormatErrorMessage("ResumeRetention"));
        Assert.Throws<ArgumentException>(() => new TimeSpanRangeAttribute("00:00:02", "00:00:01"));
    }

    [Fact]
    public void Threads_validating_through_one_fresh_attribute_at_once_all_get_the_right_answer()
    {
        const int threads = 4;
        var failures = 0;
        for (var round = 0; round < 2_000; round++)
        {
            var range = new TimeSpanRangeAttribute("00:00:00", "01:00:00");
            using var start = new Barrier(threads);
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
            {
                start.SignalAndWait();
                try
                {
                    if (!range.IsValid(TimeSpan.FromMinutes(1)))
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref failures);
                }
            });
        }

        Assert.Equal(0, failures);
    }

    [Fact]
    public void No_setting_of_the_api_uses_a_range_whose_bounds_are_parsed_on_first_use()
    {
        var racy = typeof(StreamingOptions).Assembly.GetTypes()
            .SelectMany(type => type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(property => property.GetCustomAttributes<RangeAttribute>()
                .Any(range => range.OperandType != typeof(int) && range.OperandType != typeof(double)))
            .Select(property => $"{property.DeclaringType!.Name}.{property.Name}")
            .ToList();

        Assert.Empty(racy);
    }
}
