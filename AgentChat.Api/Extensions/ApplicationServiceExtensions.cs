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
            builder.Configuration["ConnectionStrings:chatdb"] = WithAutoPrepare(chatdb);
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
    /// Statements run often are prepared on each pooled connection, so PostgreSQL parses and plans
    /// them once: this halved the turn's database time at p50 (issue 11). A connection string that
    /// says otherwise wins (set <c>Max Auto Prepare=0</c> behind a pooler that cannot keep prepared statements).
    /// </summary>
    public static string WithAutoPrepare(string connectionString)
    {
        // The base builder knows only the keys the string has (Npgsql's knows every keyword).
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.ContainsKey("Max Auto Prepare") || given.ContainsKey("MaxAutoPrepare"))
        {
            return connectionString;
        }
        return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64, AutoPrepareMinUsages = 2 }.ConnectionString;
    }
}
