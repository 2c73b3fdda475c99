using AgentChat.Api.Agents.Tools;

namespace AgentChat.Tests.Agents;

public sealed class CalculatorTests
{
    [Theory]
    [InlineData("1 + 2 * 3", 7)]
    [InlineData("(1 + 2) * 3", 9)]
    [InlineData("2 ^ 3 ^ 2", 512)]
    [InlineData("-2 ^ 2", -4)]
    [InlineData("(-2) ^ 2", 4)]
    [InlineData("10 / 4", 2.5)]
    [InlineData("1.5 + .5", 2)]
    [InlineData("--3", 3)]
    [InlineData("7 - 2 - 1", 4)]
    public void Arithmetic_follows_the_usual_precedence(string expression, double expected)
    {
        Assert.Equal(expected, Calculator.Evaluate(expression), 10);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2 +")]
    [InlineData("(1 + 2")]
    [InlineData("1 + 2)")]
    [InlineData("System.IO.File.Delete(\"x\")")]
    [InlineData("1..2")]
    [InlineData("1 / 0")]
    [InlineData("2 ^ 99999")]
    public void Anything_but_finite_arithmetic_is_refused(string expression)
    {
        Assert.Throws<FormatException>(() => Calculator.Evaluate(expression));
    }

    [Fact]
    public void Input_longer_than_the_limit_is_refused_before_parsing()
    {
        var error = Assert.Throws<FormatException>(() => Calculator.Evaluate(string.Join("+", Enumerable.Repeat("1", 150))));
        Assert.Contains("longer than", error.Message);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused_instead_of_exhausting_the_stack()
    {
        var error = Assert.Throws<FormatException>(() => Calculator.Evaluate(new string('(', 60) + "1" + new string(')', 60)));
        Assert.Contains("deeper", error.Message);
    }

    [Fact]
    public void A_tool_result_over_the_limit_is_cut_with_a_marker_to_exactly_the_limit()
    {
        var bounded = ToolText.Bound(new string('x', 10_000), 500);

        Assert.Equal(500, bounded.Length);
        Assert.EndsWith(ToolText.TruncatedMarker, bounded);
        Assert.Equal("short", ToolText.Bound("short", 500));
    }
}
