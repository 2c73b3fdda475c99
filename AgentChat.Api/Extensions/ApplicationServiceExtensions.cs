using AgentChat.Api.Common;
using AgentChat.Api.Conversations;
using AgentChat.Api.Data;
using AgentChat.Api.Identity;
using Npgsql;
using StackExchange.Redis;

namespace AgentChat.Api.Extensions;

public static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddProblemDetails();
        builder.Services.AddBadRequestProblems();

        builder.Services.AddOptions<DatabaseOptions>()
            .Bind(builder.Configuration.GetSection(DatabaseOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (builder.Configuration.GetConnectionString("chatdb") is { } chatdb)
        {
            builder.Configuration["ConnectionStrings:chatdb"] = Tuned(chatdb);
        }
        builder.AddNpgsqlDbContext<ChatDbContext>("chatdb");
        // No span per Redis command: every chunk is an XADD, and tens of thousands of spans a second
        // would cost memory and CPU per chunk and bury the traces people read. Health checks stay.
        builder.AddRedisClient("redis", settings => settings.DisableTracing = true,
            redis => redis.SocketManager = SocketManager.ThreadPool);

        builder.AddChatIdentity();
        builder.AddConversations();
        return builder;
    }

    /// <summary>
    /// Tunes the PostgreSQL connection string for the turn's round trip (issue 11), each setting
    /// only where the string does not set it itself:
    /// <list type="bullet">
    /// <item>statements run often are prepared on each pooled connection, so PostgreSQL parses and
    /// plans them once: this halved the turn's database time at p50 (set <c>Max Auto Prepare=0</c>
    /// behind a pooler that cannot keep prepared statements);</item>
    /// <item>a connection back in the pool is not reset: Npgsql would otherwise send seven reset
    /// statements (<c>RESET ALL</c>, <c>UNLISTEN *</c>, <c>pg_advisory_unlock_all()</c> …) ahead
    /// of the next use's own, on every turn. Nothing here leaves session state on a connection:
    /// settings are <c>set_config(…, true)</c> and locks <c>pg_advisory_xact_lock</c>, both ending
    /// with their transaction.</item>
    /// </list>
    /// </summary>
    public static string Tuned(string connectionString)
    {
        // The base builder knows only the keys the string has (Npgsql's knows every keyword).
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var tuned = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            tuned.MaxAutoPrepare = 64;
            tuned.AutoPrepareMinUsages = 2;
        }
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
        {
            tuned.NoResetOnClose = true;
        }
        return tuned.ConnectionString;
    }
}
