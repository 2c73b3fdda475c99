namespace AgentChat.Api;

/// <summary>
/// Names the Api's assembly for <c>WebApplicationFactory</c>: the tests also reference the
/// AppHost, whose top-level <c>Program</c> would make that name ambiguous.
/// </summary>
public sealed class ApiEntryPoint;
