using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace AgentChat.Api.Common;

/// <summary>
/// <c>[Range(typeof(TimeSpan), minimum, maximum)]</c> without its race. The framework's
/// <see cref="RangeAttribute"/> parses string bounds on first use, unsynchronized, so two threads
/// validating through the same attribute at once (two hosts in one process starting together, as
/// the tests do) can see it half set up and throw <see cref="InvalidCastException"/>
/// (dotnet/runtime#1143). This one parses its bounds once, when it is made, and never changes.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class TimeSpanRangeAttribute : ValidationAttribute
{
    public TimeSpanRangeAttribute(string minimum, string maximum)
        : base("The field {0} must be between {1} and {2}.")
    {
        Minimum = TimeSpan.Parse(minimum, CultureInfo.InvariantCulture);
        Maximum = TimeSpan.Parse(maximum, CultureInfo.InvariantCulture);
        if (Minimum > Maximum)
        {
            throw new ArgumentException($"The minimum {minimum} is above the maximum {maximum}.", nameof(minimum));
        }
    }

    public TimeSpan Minimum { get; }
    public TimeSpan Maximum { get; }

    /// <summary>Null passes, as with <see cref="RangeAttribute"/>: [Required] is for that.</summary>
    public override bool IsValid(object? value) =>
        value is null || (value is TimeSpan time && time >= Minimum && time <= Maximum);

    public override string FormatErrorMessage(string name) =>
        string.Format(CultureInfo.CurrentCulture, ErrorMessageString, name,
            Minimum.ToString("c", CultureInfo.InvariantCulture), Maximum.ToString("c", CultureInfo.InvariantCulture));
}
