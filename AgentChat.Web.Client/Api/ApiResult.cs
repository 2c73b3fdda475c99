namespace AgentChat.Web.Client.Api;

/// <summary>What an Api call gave: a value, or a message fit to show the person.</summary>
public sealed record ApiResult<T>(T? Value, string? Error)
{
    public bool Succeeded => Error is null;

    public static ApiResult<T> Ok(T value) => new(value, null);

    public static ApiResult<T> Fail(string error) => new(default, error);
}
