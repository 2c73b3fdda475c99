using AgentChat.Api.Common;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace AgentChat.Api.Streaming;

/// <summary>
/// The streaming pipeline's one retry mechanism: named Polly pipelines on the app's
/// <see cref="TimeProvider"/>, their numbers from <see cref="StreamingOptions"/>.
/// </summary>
public static class StreamingResilience
{
    /// <summary>A chunk's log write and broadcast: retried in order, with backoff, while Redis is away, up to a total time.</summary>
    public const string ChunkLog = "agentchat.chunk-log";

    /// <summary>The final PostgreSQL write of an answer: a bounded number of tries within a bounded time.</summary>
    public const string FinalWrite = "agentchat.final-write";

    public static IServiceCollection AddStreamingResilience(this IServiceCollection services)
    {
        services.AddResiliencePipeline(ChunkLog, (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<StreamingOptions>>().Value;
            var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(ChunkLog);
            pipeline.TimeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();
            pipeline.AddTimeout(options.ChunkLogGiveUpAfter)
                .AddRetry(new RetryStrategyOptions
                {
                    ShouldHandle = retry => ValueTask.FromResult(retry.Outcome.Exception is { } e && (e.IsRedisFault() || e is InvalidOperationException)),
                    MaxRetryAttempts = int.MaxValue,
                    BackoffType = DelayBackoffType.Exponential,
                    Delay = options.ChunkLogRetryDelay,
                    MaxDelay = options.ChunkLogRetryMaxDelay,
                    UseJitter = false,
                    OnRetry = retry =>
                    {
                        logger.LogWarning("Writing a chunk to Redis failed ({Error}); try {Attempt} follows in {Delay}",
                            retry.Outcome.Exception?.GetType().Name, retry.AttemptNumber + 2, retry.RetryDelay);
                        return ValueTask.CompletedTask;
                    }
                });
        });

        services.AddResiliencePipeline(FinalWrite, (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<StreamingOptions>>().Value;
            var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(FinalWrite);
            pipeline.TimeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();
            pipeline.AddTimeout(options.FinalWriteTimeout);
            if (options.FinalWriteAttempts > 1)
            {
                pipeline.AddRetry(new RetryStrategyOptions
                {
                    // A data error (class 22) is the same on every try: only a fallback can end the answer.
                    ShouldHandle = new PredicateBuilder().Handle<Exception>(e =>
                        e is not OperationCanceledException && e is not Npgsql.PostgresException { SqlState: ['2', '2', ..] }),
                    MaxRetryAttempts = options.FinalWriteAttempts - 1,
                    BackoffType = DelayBackoffType.Linear,
                    Delay = options.FinalWriteRetryDelay,
                    UseJitter = false,
                    OnRetry = retry =>
                    {
                        logger.LogWarning(retry.Outcome.Exception, "Saving the end of an answer failed (try {Attempt}); retrying",
                            retry.AttemptNumber + 1);
                        return ValueTask.CompletedTask;
                    }
                });
            }
        });
        return services;
    }
}
