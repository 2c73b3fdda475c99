using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace AgentChat.Api.Ai;

/// <summary>
/// A span (<c>chat {model}</c>) and the OpenTelemetry GenAI metrics
/// (<c>gen_ai.client.operation.duration</c>, <c>gen_ai.client.token.usage</c>) for every model
/// request, tagged as the GenAI semantic conventions say. It replaces Microsoft.Extensions.AI's
/// OpenTelemetryChatClient, which keeps every update of a streamed request until it ends to build
/// the span's tags; this one keeps the few figures it reports. It records no prompt or answer text.
/// </summary>
public sealed class ModelCallTelemetry : DelegatingChatClient
{
    public const string Name = "AgentChat.ChatClient";
    public const string OperationDurationName = "gen_ai.client.operation.duration";
    public const string TokenUsageName = "gen_ai.client.token.usage";

    public static readonly ActivitySource Source = new(Name);

    // The semantic conventions' advised buckets.
    private static readonly double[] DurationBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
    private static readonly long[] TokenBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

    private readonly Histogram<double> _duration;
    private readonly Histogram<long> _tokens;
    private readonly string? _provider;
    private readonly string? _defaultModel;
    private readonly string? _serverAddress;
    private readonly int? _serverPort;

    public ModelCallTelemetry(IChatClient inner, IMeterFactory meters) : base(inner)
    {
        var meter = meters.Create(Name);
        _duration = meter.CreateHistogram(OperationDurationName, "s", "GenAI operation duration.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _tokens = meter.CreateHistogram(TokenUsageName, "{token}", "Measures number of input and output tokens used.",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = TokenBuckets });
        var metadata = inner.GetService<ChatClientMetadata>();
        _provider = metadata?.ProviderName;
        _defaultModel = metadata?.DefaultModelId;
        _serverAddress = metadata?.ProviderUri?.Host;
        _serverPort = metadata?.ProviderUri?.Port;
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var call = Start(options);
        try
        {
            var response = await base.GetResponseAsync(messages, options, cancellationToken);
            call.ResponseId = response.ResponseId;
            call.ResponseModel = response.ModelId;
            call.FinishReason = response.FinishReason;
            call.Add(response.Usage);
            return response;
        }
        catch (Exception e)
        {
            call.Error = e;
            throw;
        }
        finally
        {
            End(call);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var call = Start(options);
        var updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                try
                {
                    if (!await updates.MoveNextAsync())
                    {
                        break;
                    }
                }
                catch (Exception e)
                {
                    call.Error = e;
                    throw;
                }
                var update = updates.Current;
                call.Observe(update);
                yield return update;
            }
        }
        finally
        {
            End(call);
            await updates.DisposeAsync();
        }
    }

    private Call Start(ChatOptions? options)
    {
        var model = options?.ModelId ?? _defaultModel;
        var activity = Source.StartActivity(model is null ? "chat" : $"chat {model}", ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("gen_ai.operation.name", "chat");
            activity.SetTag("gen_ai.request.model", model);
            activity.SetTag("gen_ai.provider.name", _provider);
            activity.SetTag("server.address", _serverAddress);
            activity.SetTag("server.port", _serverPort);
        }
        return new Call(activity, model, Stopwatch.GetTimestamp());
    }

    private void End(Call call)
    {
        var tags = new TagList
        {
            { "gen_ai.operation.name", "chat" },
            { "gen_ai.request.model", call.RequestModel },
            { "gen_ai.provider.name", _provider }
        };
        if (call.ResponseModel is not null)
        {
            tags.Add("gen_ai.response.model", call.ResponseModel);
        }
        if (_serverAddress is not null)
        {
            tags.Add("server.address", _serverAddress);
            tags.Add("server.port", _serverPort);
        }
        var errorType = call.Error?.GetType().FullName;
        if (errorType is not null)
        {
            tags.Add("error.type", errorType);
        }
        _duration.Record(Stopwatch.GetElapsedTime(call.Started).TotalSeconds, tags);
        if (call.InputTokens is { } input)
        {
            var inputTags = tags;
            inputTags.Add("gen_ai.token.type", "input");
            _tokens.Record(input, inputTags);
        }
        if (call.OutputTokens is { } output)
        {
            var outputTags = tags;
            outputTags.Add("gen_ai.token.type", "output");
            _tokens.Record(output, outputTags);
        }

        if (call.Activity is not { } activity)
        {
            return;
        }
        if (activity.IsAllDataRequested)
        {
            activity.SetTag("gen_ai.response.id", call.ResponseId);
            activity.SetTag("gen_ai.response.model", call.ResponseModel);
            if (call.FinishReason is { } reason)
            {
                activity.SetTag("gen_ai.response.finish_reasons", new[] { reason.Value });
            }
            activity.SetTag("gen_ai.usage.input_tokens", call.InputTokens);
            activity.SetTag("gen_ai.usage.output_tokens", call.OutputTokens);
        }
        if (errorType is not null)
        {
            // The type only: a provider's message may quote the request.
            activity.SetTag("error.type", errorType);
            activity.SetStatus(ActivityStatusCode.Error);
        }
        activity.Dispose();
    }

    /// <summary>What one model request reports: a few figures, never its updates.</summary>
    private sealed class Call(Activity? activity, string? requestModel, long started)
    {
        public Activity? Activity { get; } = activity;
        public string? RequestModel { get; } = requestModel;
        public long Started { get; } = started;
        public string? ResponseId { get; set; }
        public string? ResponseModel { get; set; }
        public ChatFinishReason? FinishReason { get; set; }
        public long? InputTokens { get; private set; }
        public long? OutputTokens { get; private set; }
        public Exception? Error { get; set; }

        public void Observe(ChatResponseUpdate update)
        {
            ResponseId ??= update.ResponseId;
            ResponseModel ??= update.ModelId;
            FinishReason = update.FinishReason ?? FinishReason;
            // By index: a foreach over the IList would allocate an enumerator for every update.
            var contents = update.Contents;
            for (var i = 0; i < contents.Count; i++)
            {
                if (contents[i] is UsageContent usage)
                {
                    Add(usage.Details);
                }
            }
        }

        public void Add(UsageDetails? usage)
        {
            if (usage?.InputTokenCount is { } input)
            {
                InputTokens = (InputTokens ?? 0) + input;
            }
            if (usage?.OutputTokenCount is { } output)
            {
                OutputTokens = (OutputTokens ?? 0) + output;
            }
        }
    }
}
