using AgentChat.Api.Data;
using AgentChat.Api.Common;
using AgentChat.Api.Conversations;
using AgentChat.Api.Identity;
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
        builder.AddNpgsqlDbContext<ChatDbContext>("chatdb");
        // No span per Redis command: every chunk is an XADD, and tens of thousands of spans a second
        // would cost memory and CPU per chunk and bury the traces people read. Health checks stay.
        builder.AddRedisClient("redis", settings => settings.DisableTracing = true,
            redis => redis.SocketManager = SocketManager.ThreadPool);

        builder.AddChatIdentity();
        builder.AddConversations();
        return builder;
    }
}
