using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using AgentChat.Api.Agents.Tools;
using AgentChat.Api.Ai;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AgentChat.Tests.Agents;

/// <summary>The tool loop and the model-call telemetry around a model whose every round the test writes.</summary>
public sealed class AgentToolLoopTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly RoundsModel _model = new();
    private int _lookups;

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task A_tool_call_runs_its_result_streams_and_the_next_round_sends_the_text_the_call_and_the_result()
    {
        _model.Round("Let me look. ", new FunctionCallContent("c1", "lookup", new Dictionary<string, object?> { ["key"] = "x" }));
        _model.Round("Found it.");

        var updates = await Loop(maxRounds: 3).GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "find x")], Options()).ToListAsync();

        var result = updates.SelectMany(u => u.Contents).OfType<FunctionResultContent>().Single();
        Assert.Equal(("c1", "value of x"), (result.CallId, result.Result?.ToString()));
        Assert.Equal("Let me look. Found it.", string.Concat(updates.Select(u => u.Text)));
        var second = _model.Requests[1];
        Assert.Equal([ChatRole.User, ChatRole.Assistant, ChatRole.Tool], second.Messages.Select(m => m.Role));
        Assert.Equal("Let me look. ", second.Messages[1].Text);
        Assert.Equal("c1", second.Messages[1].Contents.OfType<FunctionCallContent>().Single().CallId);
        Assert.Equal("value of x", second.Messages[2].Contents.OfType<FunctionResultContent>().Single().Result?.ToString());
        Assert.NotNull(second.Options!.Tools);
    }

    [Fact]
    public async Task After_the_last_round_of_tools_the_model_is_asked_without_them_and_a_call_it_still_makes_ends_failed_unrun()
    {
        _model.Round("", new FunctionCallContent("c1", "lookup", new Dictionary<string, object?> { ["key"] = "a" }));
        _model.Round("", new FunctionCallContent("c2", "lookup", new Dictionary<string, object?> { ["key"] = "b" }));
        _model.Round("Still calling.", new FunctionCallContent("c3", "lookup", new Dictionary<string, object?> { ["key"] = "c" }));

        var updates = await Loop(maxRounds: 2).GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "go")], Options()).ToListAsync();

        Assert.Equal(3, _model.Requests.Count);
        Assert.Null(_model.Requests[2].Options!.Tools);
        Assert.Equal(2, _lookups);
        var results = updates.SelectMany(u => u.Contents).OfType<FunctionResultContent>().ToList();
        Assert.Equal(["c1", "c2", "c3"], results.Select(r => r.CallId));
        Assert.Equal(ToolFailure.NoMoreRounds, Assert.IsType<ToolFailure>(results[2].Result).Error);
    }

    [Fact]
    public async Task A_call_of_a_tool_the_agent_lacks_or_with_unreadable_arguments_fails_safely_and_the_model_is_asked_again()
    {
        _model.Round("",
            new FunctionCallContent("c1", "rm -rf <script>", new Dictionary<string, object?>()),
            new FunctionCallContent("c2", "lookup", null) { Exception = new InvalidOperationException("bad json: {\"key\"") });
        _model.Round("Sorry.");

        var updates = await Loop(maxRounds: 3).GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "go")], Options()).ToListAsync();

        var errors = updates.SelectMany(u => u.Contents).OfType<FunctionResultContent>().Select(r => Assert.IsType<ToolFailure>(r.Result).Error);
        Assert.Equal([ToolFailure.Unknown, ToolFailure.UnreadableArguments], errors);
        Assert.Equal(0, _lookups);
        Assert.Equal(2, _model.Requests.Count);
        Assert.EndsWith("Sorry.", string.Concat(updates.Select(u => u.Text)));
    }

    [Fact]
    public async Task Calls_over_the_rounds_limit_of_calls_end_failed_unrun_and_the_rest_run()
    {
        _model.Round("", [.. Enumerable.Range(1, 5).Select(i => new FunctionCallContent($"c{i}", "lookup", new Dictionary<string, object?> { ["key"] = $"{i}" }))]);
        _model.Round("Done.");

        var updates = await Loop(maxRounds: 3, maxCallsPerRound: 2).GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "go")], Options()).ToListAsync();

        var results = updates.SelectMany(u => u.Contents).OfType<FunctionResultContent>().ToList();
        Assert.Equal(["c1", "c2", "c3", "c4", "c5"], results.Select(r => r.CallId));
        Assert.Equal(2, _lookups);
        Assert.All(results.Skip(2), r => Assert.Equal(ToolFailure.TooManyCalls, Assert.IsType<ToolFailure>(r.Result).Error));
    }

    [Fact]
    public async Task The_calls_of_a_round_run_at_once_each_result_streams_when_it_is_there_and_the_model_gets_them_in_call_order()
    {
        // The slow call ends only once the fast one's result has streamed: run one after another,
        // or with the fast result held back until the round ends, it would time out instead.
        var fastStreamed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = AIFunctionFactory.Create(async (CancellationToken ct) => { await fastStreamed.Task.WaitAsync(ct); return "slow result"; }, "slow");
        var fast = AIFunctionFactory.Create(() => "fast result", "fast");
        _model.Round("", new FunctionCallContent("c1", "slow", new Dictionary<string, object?>()),
            new FunctionCallContent("c2", "fast", new Dictionary<string, object?>()));
        _model.Round("Both done.");

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in Loop(maxRounds: 3, callTimeout: TimeSpan.FromSeconds(5))
            .GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "go")], Options(slow, fast)))
        {
            updates.Add(update);
            if (update.Contents.OfType<FunctionResultContent>().Any(r => r.CallId == "c2"))
            {
                fastStreamed.TrySetResult();
            }
        }

        var streamed = updates.SelectMany(u => u.Contents).OfType<FunctionResultContent>().ToList();
        Assert.Equal([("c2", "fast result"), ("c1", "slow result")], streamed.Select(r => (r.CallId, r.Result as string)));
        var sent = _model.Requests[1].Messages[^1];
        Assert.Equal(ChatRole.Tool, sent.Role);
        Assert.Equal(["c1", "c2"], sent.Contents.OfType<FunctionResultContent>().Select(r => r.CallId));
    }

    [Fact]
    public async Task A_stop_cancels_every_call_of_the_round_still_running_and_none_outlives_the_loop()
    {
        var started = 0;
        var ended = 0;
        var bothStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hang = AIFunctionFactory.Create(async (CancellationToken ct) =>
        {
            try
            {
                if (Interlocked.Increment(ref started) == 2)
                {
                    bothStarted.TrySetResult();
                }
                await Task.Delay(Timeout.Infinite, ct);
                return "never";
            }
            finally
            {
                await Task.Delay(50, CancellationToken.None); // a tool that takes a moment to let go
                Interlocked.Increment(ref ended);
            }
        }, "hang");
        _model.Round("", new FunctionCallContent("c1", "hang", new Dictionary<string, object?>()),
            new FunctionCallContent("c2", "hang", new Dictionary<string, object?>()));
        using var stop = new CancellationTokenSource();

        var answering = Loop(maxRounds: 3).GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "go")], Options(hang), stop.Token).ToListAsync().AsTask();
        await bothStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => answering);
        Assert.Equal(2, Volatile.Read(ref ended));
    }

    [Fact]
    public async Task A_tool_that_ignores_its_cancellation_still_ends_failed_at_the_time_limit_and_the_answer_goes_on()
    {
        var never = new TaskCompletionSource<string>();
        var deaf = AIFunctionFactory.Create(async () => await never.Task, "deaf");
        _model.Round("", new FunctionCallContent("c1", "deaf", new Dictionary<string, object?>()));
        _model.Round("Moving on.");
        var limit = TimeSpan.FromMilliseconds(200);

        var updates = await Loop(maxRounds: 3, callTimeout: limit)
            .GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "go")], Options(deaf)).ToListAsync().AsTask()
            .WaitAsync(TimeSpan.FromSeconds(10));

        var result = updates.SelectMany(u => u.Contents).OfType<FunctionResultContent>().Single();
        Assert.Equal(ToolFailure.TimedOut(limit), Assert.IsType<ToolFailure>(result.Result).Error);
        Assert.EndsWith("Moving on.", string.Concat(updates.Select(u => u.Text)));
    }

    [Fact]
    public async Task A_stop_ends_a_tool_that_ignores_its_cancellation_at_once()
    {
        var never = new TaskCompletionSource<string>();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var deaf = AIFunctionFactory.Create(async () => { started.TrySetResult(); return await never.Task; }, "deaf");
        _model.Round("", new FunctionCallContent("c1", "deaf", new Dictionary<string, object?>()));
        using var stop = new CancellationTokenSource();

        var answering = Loop(maxRounds: 3).GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "go")], Options(deaf), stop.Token).ToListAsync().AsTask();
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => answering.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task An_agent_without_tools_streams_straight_through_and_a_call_the_model_invents_ends_failed()
    {
        _model.Round("Hello ", new FunctionCallContent("c1", "lookup", new Dictionary<string, object?>()));

        var updates = await Loop(maxRounds: 3).GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions()).ToListAsync();

        Assert.Single(_model.Requests);
        Assert.Equal(ToolFailure.Unknown, Assert.IsType<ToolFailure>(updates.SelectMany(u => u.Contents).OfType<FunctionResultContent>().Single().Result).Error);
    }

    [Fact]
    public async Task A_streamed_update_is_not_kept_once_the_next_one_has_passed()
    {
        var live = new LiveModel();
        var pipeline = Loop(maxRounds: 3, inner: new ModelCallTelemetry(live, _services.GetRequiredService<IMeterFactory>()));
        await using var updates = pipeline.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], Options()).GetAsyncEnumerator();

        live.Send("first ");
        var first = await NextTrackedAsync(updates);
        live.Send("second ");
        Assert.True(await updates.MoveNextAsync());
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        // Microsoft.Extensions.AI's FunctionInvokingChatClient and OpenTelemetryChatClient keep it until the request ends.
        Assert.False(first.IsAlive, "The pipeline still holds an update it already passed on.");
        live.End();
        Assert.False(await updates.MoveNextAsync());
    }

    [Fact]
    public async Task Every_model_request_records_its_duration_and_token_usage_by_model()
    {
        using var durations = new MetricCollector<double>(_services.GetRequiredService<IMeterFactory>(), ModelCallTelemetry.Name, ModelCallTelemetry.OperationDurationName);
        using var tokens = new MetricCollector<long>(_services.GetRequiredService<IMeterFactory>(), ModelCallTelemetry.Name, ModelCallTelemetry.TokenUsageName);
        _model.Round("", new FunctionCallContent("c1", "lookup", new Dictionary<string, object?> { ["key"] = "x" }), new UsageContent(new UsageDetails { InputTokenCount = 10, OutputTokenCount = 3 }));
        _model.Round("Done.", new UsageContent(new UsageDetails { InputTokenCount = 20, OutputTokenCount = 2 }));
        var pipeline = Loop(maxRounds: 3, inner: new ModelCallTelemetry(_model, _services.GetRequiredService<IMeterFactory>()));

        await pipeline.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "go")], Options()).ToListAsync();

        var requests = durations.GetMeasurementSnapshot();
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal(("chat", "scripted-model", "scripted-model-2025"),
            ((string?)r.Tags["gen_ai.operation.name"], (string?)r.Tags["gen_ai.request.model"], (string?)r.Tags["gen_ai.response.model"])));
        var usage = tokens.GetMeasurementSnapshot().Select(m => ((string?)m.Tags["gen_ai.token.type"], m.Value));
        Assert.Equal([("input", 10L), ("output", 3L), ("input", 20L), ("output", 2L)], usage);
    }

    [Fact]
    public async Task A_failed_model_request_is_recorded_with_its_error_type()
    {
        using var durations = new MetricCollector<double>(_services.GetRequiredService<IMeterFactory>(), ModelCallTelemetry.Name, ModelCallTelemetry.OperationDurationName);
        var live = new LiveModel();
        var pipeline = new ModelCallTelemetry(live, _services.GetRequiredService<IMeterFactory>());
        live.Fail(new HttpRequestException("upstream said no"));

        await Assert.ThrowsAsync<HttpRequestException>(() => pipeline.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], Options()).ToListAsync().AsTask());

        Assert.Equal(typeof(HttpRequestException).FullName, (string?)Assert.Single(durations.GetMeasurementSnapshot()).Tags["error.type"]);
    }

    // In a frame of its own, so that not even a debug build's stack keeps the update alive.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> NextTrackedAsync(IAsyncEnumerator<ChatResponseUpdate> updates)
    {
        Assert.True(await updates.MoveNextAsync());
        return new WeakReference(updates.Current);
    }

    private ChatOptions Options() =>
        Options(AIFunctionFactory.Create((string key) => { Interlocked.Increment(ref _lookups); return $"value of {key}"; }, "lookup"));

    private static ChatOptions Options(params AITool[] tools) => new() { ModelId = "scripted-model", Tools = tools };

    private AgentToolLoop Loop(int maxRounds, IChatClient? inner = null, int maxCallsPerRound = 10, TimeSpan? callTimeout = null)
    {
        var tools = Microsoft.Extensions.Options.Options.Create(new ToolsOptions
        {
            MaxRounds = maxRounds,
            MaxCallsPerRound = maxCallsPerRound,
            CallTimeout = callTimeout ?? TimeSpan.FromSeconds(30)
        });
        var invoker = new ToolInvoker(tools, new AgentsTelemetry(_services.GetRequiredService<IMeterFactory>()), TimeProvider.System, NullLogger<ToolInvoker>.Instance);
        return new AgentToolLoop(inner ?? _model, invoker, tools, NullLogger<AgentToolLoop>.Instance);
    }

    /// <summary>Answers each request with the next scripted round: a text, then any other contents.</summary>
    private sealed class RoundsModel : IChatClient
    {
        private readonly Queue<AIContent[]> _rounds = new();

        public List<(List<ChatMessage> Messages, ChatOptions? Options)> Requests { get; } = [];

        public void Round(string text, params AIContent[] contents) => _rounds.Enqueue([new TextContent(text), .. contents]);

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Requests.Add(([.. messages], options));
            foreach (var content in _rounds.Dequeue())
            {
                await Task.Yield();
                yield return new ChatResponseUpdate(ChatRole.Assistant, [content]) { ModelId = "scripted-model-2025", ResponseId = "r" };
            }
        }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    /// <summary>Streams what the test sends, when it sends it.</summary>
    private sealed class LiveModel : IChatClient
    {
        private readonly Channel<string> _texts = Channel.CreateUnbounded<string>();

        public void Send(string text) => _texts.Writer.TryWrite(text);

        public void End() => _texts.Writer.TryComplete();

        public void Fail(Exception error) => _texts.Writer.TryComplete(error);

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var text in _texts.Reader.ReadAllAsync(cancellationToken))
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, text);
            }
        }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
