using System.Diagnostics.Metrics;
using AgentChat.Api.Agents.Tools;
using AgentChat.Api.Ai;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AgentChat.Tests.Ai;

public sealed class DemoModelTests
{
    [Fact]
    public void The_demo_answer_is_well_formed_markdown_built_from_the_question()
    {
        var text = string.Concat(DemoAnswer.Tokens("How do Redis streams handle backpressure?", 200));

        Assert.StartsWith("## About redis streams handle backpressure", text);
        Assert.Contains("- **redis**:", text);
        Assert.Contains("```csharp\n", text);
        Assert.Equal(2, text.Split("```").Length - 1);
        Assert.EndsWith("That is all for this demo.", text);
    }

    [Fact]
    public void The_demo_answer_shares_its_filler_tokens_rather_than_allocating_one_per_token()
    {
        var tokens = DemoAnswer.Tokens("Explain sequences", 1000);

        var fillers = tokens.Where(t => t == "streaming ").ToList();
        Assert.True(fillers.Count > 10);
        Assert.All(fillers, t => Assert.Same(fillers[0], t));
    }

    [Theory]
    [InlineData(200)]
    [InlineData(1000)]
    public void The_demo_answer_has_the_configured_number_of_tokens(int tokens)
    {
        Assert.Equal(tokens, DemoAnswer.Tokens("Explain sequences", tokens).Count);
    }

    [Fact]
    public void The_same_question_gets_the_same_answer()
    {
        Assert.Equal(DemoAnswer.Tokens("same words here", 120), DemoAnswer.Tokens("same words here", 120));
    }

    [Fact]
    public async Task The_demo_client_streams_every_token_and_names_its_model()
    {
        var client = Client(new DemoModelOptions { FirstTokenDelayMs = 0, ReasoningMs = 0, TokensPerSecond = 100_000, ResponseTokens = 60 });

        var updates = await client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "stream please")]).ToListAsync();

        Assert.Equal(60, updates.Count(u => u.Contents.OfType<TextContent>().Any()));
        Assert.All(updates, u => Assert.Equal(DemoModelOptions.ModelName, u.ModelId));
        Assert.Equal(string.Concat(DemoAnswer.Tokens("stream please", 60)), string.Concat(updates.Select(u => u.Text)));
    }

    [Fact]
    public async Task The_demo_client_waits_for_its_first_token_delay_and_stops_when_cancelled()
    {
        var client = Client(new DemoModelOptions { FirstTokenDelayMs = 150, ReasoningMs = 0, TokensPerSecond = 10, ResponseTokens = 200 });
        using var cancel = new CancellationTokenSource();
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var received = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "slow")], cancellationToken: cancel.Token))
            {
                if (received++ == 0)
                {
                    Assert.True(stopwatch.ElapsedMilliseconds >= 140, $"first token after {stopwatch.ElapsedMilliseconds} ms");
                    cancel.Cancel();
                }
            }
        });
        Assert.Equal(1, received);
    }

    [Fact]
    public async Task The_demo_client_reasons_for_its_configured_time_before_the_answer_and_reports_usage()
    {
        var client = Client(new DemoModelOptions { FirstTokenDelayMs = 0, ReasoningMs = 300, TokensPerSecond = 100_000, ResponseTokens = 30 });
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        long? firstText = null;

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Explain sequences")]))
        {
            firstText ??= update.Text.Length > 0 ? stopwatch.ElapsedMilliseconds : null;
            updates.Add(update);
        }

        var kinds = updates.Select(u => u.Contents.Single().GetType().Name).Distinct().ToList();
        Assert.Equal([nameof(TextReasoningContent), nameof(TextContent), nameof(UsageContent)], kinds);
        Assert.InRange(firstText!.Value, 250, 10_000);
        Assert.Contains("No tools needed", string.Concat(updates.SelectMany(u => u.Contents).OfType<TextReasoningContent>().Select(r => r.Text)));
    }

    [Fact]
    public async Task Given_a_calculator_the_demo_model_calculates_through_the_tool_loop_and_uses_the_result()
    {
        var demo = Client(new DemoModelOptions { FirstTokenDelayMs = 0, ReasoningMs = 10, TokensPerSecond = 100_000, ResponseTokens = 30 });
        var tools = Options.Create(new ToolsOptions());
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var invoker = new ToolInvoker(tools, new AgentsTelemetry(meters.GetRequiredService<IMeterFactory>()), TimeProvider.System, NullLogger<ToolInvoker>.Instance);
        using var client = new AgentToolLoop(demo, invoker, tools, NullLogger<AgentToolLoop>.Instance);
        var calculator = AIFunctionFactory.Create((string expression) => Calculator.Evaluate(expression).ToString(), "calculator");

        var updates = await client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "What is (12 + 30) * 2?")],
            new ChatOptions { Tools = [calculator] }).ToListAsync();

        var call = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().Single();
        Assert.Equal(("calculator", "(12 + 30) * 2"), (call.Name, call.Arguments!["expression"]?.ToString()));
        Assert.Equal("84", updates.SelectMany(u => u.Contents).OfType<FunctionResultContent>().Single().Result?.ToString());
        Assert.StartsWith("I asked the **calculator** tool: `84`.", string.Concat(updates.Select(u => u.Text)));
    }

    private static DemoChatClient Client(DemoModelOptions demo) =>
        new(new StaticOptions(new AiOptions { Demo = demo }), TimeProvider.System);

    private sealed class StaticOptions(AiOptions value) : IOptionsMonitor<AiOptions>
    {
        public AiOptions CurrentValue => value;
        public AiOptions Get(string? name) => value;
        public IDisposable? OnChange(Action<AiOptions, string?> listener) => null;
    }
}
