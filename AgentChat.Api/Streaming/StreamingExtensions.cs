using AgentChat.Api.Streaming.Chunks;
using AgentChat.Api.Streaming.Delivery;
using AgentChat.Api.Streaming.Generation;
using AgentChat.Api.Streaming.Hubs;
using AgentChat.Api.Streaming.Ownership;
using AgentChat.Contracts;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using StackExchange.Redis;

namespace AgentChat.Api.Streaming;

/// <summary>Everything the streaming feature adds: its options, services, hub, retries and telemetry.</summary>
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
        services.AddStreamingResilience();

        services.AddSingleton<StreamingTelemetry>();
        services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter(StreamingTelemetry.Name))
            .WithTracing(tracing => tracing.AddSource(StreamingTelemetry.Name));

        services.AddSingleton<ChunkLog>();
        services.AddSingleton<ChunkPublisher>();
        services.AddSingleton<LiveViewers>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveViewers>());
        services.AddHostedService<ChunkInbox>();
        services.AddSingleton<GenerationRegistry>();
        services.AddSingleton<MessageStore>();
        services.AddSingleton<AnswerCompletion>();
        services.AddSingleton<ModelReader>();
        services.AddSingleton<TokenPublisher>();
        services.AddSingleton<GenerationRunner>();
        services.AddSingleton<GenerationLeases>();
        services.AddScoped<StreamReplayer>();
        services.AddScoped<StopRequests>();
        services.AddSingleton<OrphanedAnswers>();

        services.AddHostedService<StopListener>();
        services.AddHostedService<LeaseRenewer>();
        services.AddHostedService<ReplicaPresence>();
        services.AddHostedService<InterruptedStreamRecovery>();
        services.AddHostedService<GenerationShutdown>();
        services.AddHostedService<ChunkLogGuard>();

        services.AddSignalR()
            .AddStackExchangeRedis(builder.Configuration.GetConnectionString("redis") ?? "", redis =>
            {
                redis.Configuration.ChannelPrefix = RedisChannel.Literal(RedisKeys.SignalRPrefix);
                redis.Configuration.AbortOnConnectFail = false;
                redis.Configuration.SocketManager = SocketManager.ThreadPool;
            });
        services.AddOptions<HubOptions>().Configure<IOptions<StreamingOptions>>((hub, streaming) =>
            hub.MaximumReceiveMessageSize = MaximumReceiveMessageSize(streaming.Value));

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

    /// <summary>
    /// The longest message written the longest way: a JSON encoder may escape every UTF-16 unit as
    /// <c>\uXXXX</c> (six bytes; control characters always are), plus the invocation around it.
    /// </summary>
    public static long MaximumReceiveMessageSize(StreamingOptions options) => options.MaxContentLength * 6L + 4096;

    /// <summary>Checks the origin of cookie-signed hub connections before they reach the hub.</summary>
    public static IApplicationBuilder UseHubOriginCheck(this IApplicationBuilder app) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments(HubPath), hub => hub.UseMiddleware<HubOriginCheck>());

    public static IEndpointRouteBuilder MapChatHub(this IEndpointRouteBuilder app)
    {
        app.MapHub<ChatHub>(HubPath);
        return app;
    }
}
