namespace AgentChat.Api.Identity;

public sealed class IdentityRoleOptions
{
    public const string SectionName = "Identity";

    /// <summary>Accounts with these e-mail addresses are made admins when they sign in.</summary>
    public string[] AdminEmails { get; set; } = [];
}
