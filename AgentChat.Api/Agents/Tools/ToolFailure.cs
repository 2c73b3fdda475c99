namespace AgentChat.Api.Agents.Tools;

/// <summary>
/// What a tool call that failed returns to the model (and shows the user): a short, safe error,
/// never an exception's own message. The model reads it and carries on.
/// </summary>
public sealed record ToolFailure(string Error)
{
    public const string Generic = "The tool failed.";
    public const string Ended = "The answer ended before this tool finished.";
    public const string Unknown = "This agent has no tool of that name.";
    public const string UnreadableArguments = "The tool's arguments could not be read as JSON.";
    public const string TooManyCalls = "Too many tool calls at once; this one was not run.";
    public const string NoMoreRounds = "No more tool calls are allowed in this answer; answer with what you have.";

    public static string TimedOut(TimeSpan limit) => $"The tool did not answer within {limit.TotalSeconds:0.#} s.";
}
