using AgentChat.Api.Conversations;
using AgentChat.Contracts;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using StackExchange.Redis;

namespace AgentChat.Api.Streaming;

public static class StreamingExtensions
{
    public const string HubPath = ChatHubMethods.HubPath;

    public static IHostApplicationBuilder AddStreaming(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<StreamingOptions>()
            .Bind(builder.Configuration.GetSection(StreamingOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton<StreamingTelemetry>();
        services.AddSingleton<ChunkLog>();
        services.AddSingleton<GenerationLeases>();
        services.AddSingleton<GenerationRegistry>();
        services.AddSingleton<ChunkPublisher>();
        services.AddSingleton<MessageStore>();
        services.AddSingleton<GenerationRunner>();
        services.AddScoped<MessageAccess>();
        services.AddScoped<ConversationTurns>();
        services.AddScoped<StreamReplayer>();
        services.AddScoped<StopRequests>();
        services.AddSingleton<IMessageViewSource, ChunkLogMessageViewSource>();

        services.AddHostedService<StopListener>();
        services.AddHostedService<LeaseRenewer>();
        services.AddSingleton<InterruptedStreamRecovery>();
        services.AddHostedService(sp => sp.GetRequiredService<InterruptedStreamRecovery>());
        services.AddHostedService<GenerationShutdown>();

        var maxContent = builder.Configuration.GetValue<int?>($"{StreamingOptions.SectionName}:{nameof(StreamingOptions.MaxContentLength)}")
                         ?? new StreamingOptions().MaxContentLength;
        services.AddSignalR(hub =>
            {
                // Room for the longest message in UTF-8 (up to 4 bytes a character) plus the JSON around it.
                hub.MaximumReceiveMessageSize = maxContent * 4L + 4096;
            })
            .AddStackExchangeRedis(builder.Configuration.GetConnectionString("redis") ?? "", redis =>
            {
                redis.Configuration.ChannelPrefix = RedisChannel.Literal(RedisKeys.SignalRPrefix);
                redis.Configuration.AbortOnConnectFail = false;
            });

        // Browsers cannot set headers on a WebSocket: the hub also takes the token from the query.
        services.Configure<BearerTokenOptions>(IdentityConstants.BearerScheme, bearer =>
        {
            var previous = bearer.Events.OnMessageReceived;
            bearer.Events.OnMessageReceived = async context =>
            {
                await previous(context);
                if (context.Token is null && context.Request.Path.StartsWithSegments(HubPath)
                    && context.Request.Query.TryGetValue("access_token", out var token))
                {
                    context.Token = token;
                }
            };
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapChatHub(this IEndpointRouteBuilder app)
    {
        app.MapHub<ChatHub>(HubPath);
        return app;
    }
}
