namespace AgentChat.Api.Identity;

public static class Roles
{
    public const string User = "User";
    public const string Admin = "Admin";

    public static readonly string[] All = [User, Admin];
}
