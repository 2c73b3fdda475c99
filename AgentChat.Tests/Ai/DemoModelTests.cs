using AgentChat.Api.Ai;
using Microsoft.Extensions.AI;
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
        var client = Client(new DemoModelOptions { FirstTokenDelayMs = 0, TokensPerSecond = 100_000, ResponseTokens = 60 });

        var updates = await client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "stream please")]).ToListAsync();

        Assert.Equal(60, updates.Count);
        Assert.All(updates, u => Assert.Equal(DemoModelOptions.ModelName, u.ModelId));
        Assert.Equal(string.Concat(DemoAnswer.Tokens("stream please", 60)), string.Concat(updates.Select(u => u.Text)));
    }

    [Fact]
    public async Task The_demo_client_waits_for_its_first_token_delay_and_stops_when_cancelled()
    {
        var client = Client(new DemoModelOptions { FirstTokenDelayMs = 150, TokensPerSecond = 10, ResponseTokens = 200 });
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

    private static DemoChatClient Client(DemoModelOptions demo) =>
        new(new StaticOptions(new AiOptions { Demo = demo }), TimeProvider.System);

    private sealed class StaticOptions(AiOptions value) : IOptionsMonitor<AiOptions>
    {
        public AiOptions CurrentValue => value;
        public AiOptions Get(string? name) => value;
        public IDisposable? OnChange(Action<AiOptions, string?> listener) => null;
    }
}
