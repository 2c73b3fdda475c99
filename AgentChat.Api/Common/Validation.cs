using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AgentChat.Api.Common;

/// <summary>The small vocabulary every endpoint uses to turn bad input into a 400 naming the field (and a refusal while Redis is away into a 503).</summary>
public static class Validation
{
    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>A dependency (Redis) is briefly away and the request changed nothing: 503, to be tried again.</summary>
    public static ProblemHttpResult Unavailable(string whatHappened) =>
        TypedResults.Problem(title: "The chat service is briefly unavailable", detail: $"{whatHappened} Please try again in a moment.",
            statusCode: StatusCodes.Status503ServiceUnavailable);

    /// <summary>Ids travel as strings so a malformed one is a 400 that names the field, not a routing 404.</summary>
    public static bool TryParseId(string? raw, out Guid id) =>
        Guid.TryParse(raw, out id) && id != Guid.Empty;

    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier)
        ?? throw new InvalidOperationException("An authorised request carries no user id.");

    /// <summary>Trims a required text field and checks its length; returns an error message or null.</summary>
    public static string? CheckText(string? value, int maxLength, bool required, out string? trimmed)
    {
        trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            trimmed = null;
            return required || value is not null ? "must not be empty" : null;
        }
        return trimmed.Length > maxLength ? $"must be at most {maxLength} characters" : null;
    }
}
