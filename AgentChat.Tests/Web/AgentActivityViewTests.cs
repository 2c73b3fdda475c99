using AgentChat.Contracts;
using AgentChat.Web.Client.Chat;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace AgentChat.Tests.Web;

/// <summary>The thinking section, tool cards and usage of an answer, as the browser client draws them.</summary>
public sealed class AgentActivityViewTests : BunitContext
{
    private readonly ChatMessage _answer = ChatMessage.AwaitingAnswer(Guid.NewGuid(), Guid.NewGuid());

    public AgentActivityViewTests() => Services.AddSingleton<IFrameScheduler, ImmediateFrames>();

    [Fact]
    public void Reasoning_streams_open_as_thinking_then_folds_to_thought_for_once_the_answer_begins()
    {
        var view = Render<MessageView>(p => p.Add(v => v.Message, _answer));

        Feed(view, Reasoning(1, "Weighing **options**"));
        view.WaitForAssertion(() => Assert.Equal("Thinking…", view.Find("[role=region][aria-label=Reasoning] summary").TextContent));
        Assert.True(view.Find(".reasoning details").HasAttribute("open"));
        Assert.Equal("options", view.Find(".reasoning strong").TextContent);

        Feed(view, Chunks.Text(_answer.Id, 2, "Answer"));
        view.WaitForAssertion(() => Assert.StartsWith("Thought for", view.Find(".reasoning summary").TextContent));
        Assert.False(view.Find(".reasoning details").HasAttribute("open"));
        Assert.DoesNotContain("options", view.Find(".bubble").TextContent);
    }

    [Fact]
    public void A_tool_card_shows_running_then_its_result_as_inert_text()
    {
        var view = Render<MessageView>(p => p.Add(v => v.Message, _answer));

        Feed(view, Tool(1, ChunkKind.ToolCall, new ToolActivity("c1", "calculator", "{\"expression\":\"6*7\"}", ToolStatus.Running)));
        view.WaitForAssertion(() => Assert.NotNull(view.Find("[aria-label='Tool call: calculator'] [aria-label=Running]")));

        Feed(view, Tool(2, ChunkKind.ToolResult, new ToolActivity("c1", "calculator", "{}", ToolStatus.Completed, "<img src=x onerror=alert(1)>42", 12)));
        view.WaitForAssertion(() => Assert.Empty(view.FindAll("[aria-label=Running]")));
        Assert.Equal("<img src=x onerror=alert(1)>42", view.Find(".tool-result pre").TextContent);
        Assert.Empty(view.FindAll(".tool-card img"));
        Assert.Single(view.FindAll(".tool-card"));
    }

    [Fact]
    public void The_status_line_shows_tokens_in_and_out_once_usage_is_known()
    {
        var view = Render<MessageView>(p => p.Add(v => v.Message, _answer));

        Feed(view, Chunks.Text(_answer.Id, 1, "Done"), Usage(2, new TokenUsage(1200, 34, 1234)), Chunks.Last(_answer.Id, 3, WireStatus.Complete));

        view.WaitForAssertion(() => Assert.Contains("1,200 tokens in / 34 out", view.Find(".metrics").TextContent));
    }

    [Fact]
    public void A_reloaded_answer_shows_its_stored_reasoning_tools_and_usage()
    {
        var stored = ChatMessage.FromApi(new MessageSnapshot(Guid.NewGuid(), "assistant", Guid.Empty, "Answer", WireStatus.Complete,
            Chunks.At, Chunks.At, 100, "m", null, 0, "Pondered", 2400,
            [new ToolActivity("c1", "current_time", null, ToolStatus.Failed, "The tool failed.")], new TokenUsage(5, 6, 11)));

        var view = Render<MessageView>(p => p.Add(v => v.Message, stored));

        Assert.Equal("Thought for 2 s", view.Find(".reasoning summary").TextContent);
        Assert.Equal("failed", view.Find("[aria-label='Tool call: current_time']").GetAttribute("data-status"));
        Assert.Contains("5 tokens in / 6 out", view.Find(".metrics").TextContent);
    }

    private MessageChunk Reasoning(long sequence, string text) =>
        Chunks.Text(_answer.Id, sequence, "") with { Kind = ChunkKind.Reasoning, Reasoning = text };

    private MessageChunk Tool(long sequence, string kind, ToolActivity tool) =>
        Chunks.Text(_answer.Id, sequence, "") with { Kind = kind, Tool = tool };

    private MessageChunk Usage(long sequence, TokenUsage usage) =>
        Chunks.Text(_answer.Id, sequence, "") with { Kind = ChunkKind.Usage, Usage = usage };

    private static void Feed(IRenderedComponent<MessageView> view, params MessageChunk[] chunks)
    {
        foreach (var chunk in chunks)
        {
            view.InvokeAsync(() => view.Instance.Message.Apply(chunk, Chunks.At));
        }
    }
}
