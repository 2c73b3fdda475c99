using AgentChat.Api.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AgentChat.Api.Data;

public static class DatabaseStartupExtensions
{
    /// <summary>
    /// Brings the database up to date before the Api takes traffic: migrations (EF Core takes a
    /// database lock, so several replicas starting at once are safe), roles, starter agents.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        var options = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<ChatDbContext>();

        if (options.MigrateOnStartup)
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        if (options.SeedAgents)
        {
            await AgentSeeder.SeedAsync(db, services.GetRequiredService<TimeProvider>(), cancellationToken);
        }
    }
}
