using AgentChat.Api.Data;
using AgentChat.Api.Identity;

namespace AgentChat.Api.Extensions;

public static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddProblemDetails();

        builder.Services.AddOptions<DatabaseOptions>().Bind(builder.Configuration.GetSection(DatabaseOptions.SectionName));
        builder.AddNpgsqlDbContext<ChatDbContext>("chatdb");
        builder.AddRedisClient("redis");

        builder.AddChatIdentity();
        return builder;
    }
}
