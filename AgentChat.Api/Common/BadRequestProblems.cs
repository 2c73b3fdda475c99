using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace AgentChat.Api.Common;

/// <summary>
/// A request the Api cannot even read (malformed JSON, the wrong shape, a number where an id
/// string belongs) is the client's error: a 400 ProblemDetails that says what is wrong and names
/// the field when it can, the same in every environment, never a 500 or a stack trace.
/// </summary>
public sealed class BadRequestProblems(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }
        var json = bad.InnerException as JsonException;
        var field = json?.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
        var problem = new HttpValidationProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = json is null ? "The request could not be read" : "The request body is not valid JSON for this endpoint",
            Detail = json is null ? bad.Message : FirstSentence(json.Message)
        };
        if (field is not null)
        {
            problem.Errors[field] = ["has the wrong type or is malformed"];
        }
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}

public static class BadRequestProblemsExtensions
{
    public static IServiceCollection AddBadRequestProblems(this IServiceCollection services)
    {
        // Throw on every bad request (by default only in Development) so one handler answers them all.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestProblems>();
        return services;
    }
}
