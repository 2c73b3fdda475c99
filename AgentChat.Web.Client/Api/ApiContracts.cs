namespace AgentChat.Web.Client.Api;

// The Api's JSON shapes as this client reads them (README "Using the API").

public sealed record SignedInUser(string? Email, string[] Roles);

public sealed record Credentials(string Email, string Password);

