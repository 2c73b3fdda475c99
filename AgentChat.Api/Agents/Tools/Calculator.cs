using System.Globalization;

namespace AgentChat.Api.Agents.Tools;

/// <summary>
/// A safe arithmetic parser for the calculator tool: numbers (with decimals), + - * / ^,
/// parentheses and unary minus, nothing else. No code is evaluated; input length and nesting
/// depth are bounded so a hostile expression cannot exhaust the stack or the CPU.
/// </summary>
public sealed class Calculator
{
    public const int MaxLength = 200;
    public const int MaxDepth = 32;

    private readonly string _text;
    private int _position;
    private int _depth;

    private Calculator(string text) => _text = text;

    /// <exception cref="FormatException">The expression is not valid arithmetic, too long, too deep, or its result is not a finite number.</exception>
    public static double Evaluate(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        if (expression.Length > MaxLength)
        {
            throw new FormatException($"The expression is longer than {MaxLength} characters.");
        }
        var parser = new Calculator(expression);
        var value = parser.Sum();
        parser.SkipSpaces();
        if (parser._position != expression.Length)
        {
            throw new FormatException($"Unexpected '{expression[parser._position]}' at position {parser._position + 1}.");
        }
        return double.IsFinite(value) ? value : throw new FormatException("The result is not a finite number (division by zero?).");
    }

    private double Sum()
    {
        var value = Product();
        while (Accept('+') || Accept('-'))
        {
            var op = _text[_position - 1];
            var right = Product();
            value = op == '+' ? value + right : value - right;
        }
        return value;
    }

    private double Product()
    {
        var value = Unary();
        while (Accept('*') || Accept('/'))
        {
            var op = _text[_position - 1];
            var right = Unary();
            value = op == '*' ? value * right : value / right;
        }
        return value;
    }

    /// <summary>Unary minus binds looser than ^ on its right: -2^2 = -4, as in mathematics.</summary>
    private double Unary() => Accept('-') ? -Nested(Unary) : Accept('+') ? Nested(Unary) : Power();

    /// <summary>Right-associative: 2^3^2 = 2^9; the exponent may carry its own sign (2^-1).</summary>
    private double Power()
    {
        var value = Atom();
        return Accept('^') ? Math.Pow(value, Nested(Unary)) : value;
    }

    private double Atom()
    {
        if (Accept('('))
        {
            var value = Nested(Sum);
            return Accept(')') ? value : throw new FormatException($"Missing ')' at position {_position + 1}.");
        }
        SkipSpaces();
        var start = _position;
        while (_position < _text.Length && (char.IsAsciiDigit(_text[_position]) || _text[_position] == '.'))
        {
            _position++;
        }
        if (start == _position)
        {
            throw new FormatException(_position < _text.Length ? $"Unexpected '{_text[_position]}' at position {_position + 1}." : "The expression ends too early.");
        }
        return double.TryParse(_text.AsSpan(start, _position - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new FormatException($"'{_text[start.._position]}' is not a number.");
    }

    private double Nested(Func<double> parse)
    {
        if (++_depth > MaxDepth)
        {
            throw new FormatException($"The expression nests deeper than {MaxDepth} levels.");
        }
        var value = parse();
        _depth--;
        return value;
    }

    private bool Accept(char c)
    {
        SkipSpaces();
        if (_position < _text.Length && _text[_position] == c)
        {
            _position++;
            return true;
        }
        return false;
    }

    private void SkipSpaces()
    {
        while (_position < _text.Length && _text[_position] == ' ')
        {
            _position++;
        }
    }
}
