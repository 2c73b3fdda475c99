using System.ClientModel;

namespace AgentChat.Api.Streaming.Generation;

/// <summary>
/// What a user is told when the model fails. Never the exception's own message: it can carry
/// endpoints, keys or another tenant's request ids.
/// </summary>
public static class SafeErrors
{
    public const string Generic = "The model failed to answer. Please try again.";
    public const string Unreachable = "The model service could not be reached. Please try again later.";
    public const string Refused = "The model service refused the request. Check the AI settings.";
    public const string Busy = "The model service is busy. Please try again in a moment.";
    public const string TooLong = "The answer took too long and was stopped.";
    public const string NotStored = "The answer could not be saved.";

    public static string Describe(Exception exception) => exception switch
    {
        ClientResultException { Status: 401 or 403 or 404 } => Refused,
        ClientResultException { Status: 429 or 503 } => Busy,
        HttpRequestException { StatusCode: System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden or System.Net.HttpStatusCode.NotFound } => Refused,
        HttpRequestException { StatusCode: System.Net.HttpStatusCode.TooManyRequests or System.Net.HttpStatusCode.ServiceUnavailable } => Busy,
        HttpRequestException or System.Net.Sockets.SocketException => Unreachable,
        _ => Generic
    };
}
