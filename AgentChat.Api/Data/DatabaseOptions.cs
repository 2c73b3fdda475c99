namespace AgentChat.Api.Data;

public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>Apply pending EF Core migrations when the Api starts. Turn off where a pipeline migrates.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>Give a database with no agents a few useful ones, so a new user can chat at once.</summary>
    public bool SeedAgents { get; set; } = true;
}
