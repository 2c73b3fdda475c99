using AgentChat.Contracts;
using AgentChat.Web.Client.Chat;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace AgentChat.Tests.Web;

public sealed class MessageViewTests : BunitContext
{
    private readonly ChatMessage _answer = ChatMessage.AwaitingAnswer(Guid.NewGuid(), Guid.NewGuid());

    public MessageViewTests() => Services.AddSingleton<IFrameScheduler, ImmediateFrames>();

    [Fact]
    public void Chunks_append_to_the_answer_while_the_typing_indicator_shows()
    {
        var view = Render<MessageView>(p => p.Add(v => v.Message, _answer));

        Feed(view, Chunks.Text(_answer.Id, 1, "Hello"), Chunks.Text(_answer.Id, 2, " there"));

        view.WaitForAssertion(() => Assert.Contains("Hello there", view.Find(".markdown").TextContent));
        Assert.NotNull(view.Find("[aria-label='Agent is typing']"));
    }

    [Fact]
    public void Duplicate_and_out_of_order_chunks_render_each_word_once_in_order()
    {
        var view = Render<MessageView>(p => p.Add(v => v.Message, _answer));

        Feed(view,
            Chunks.Text(_answer.Id, 1, "one"),
            Chunks.Text(_answer.Id, 3, " three"),
            Chunks.Text(_answer.Id, 1, "one"),
            Chunks.Text(_answer.Id, 2, " two"),
            Chunks.Text(_answer.Id, 3, " three"));

        view.WaitForAssertion(() => Assert.Equal("one two three", view.Find(".md-block").TextContent.Trim()));
    }

    [Fact]
    public void A_stopped_answer_keeps_its_text_marked_stopped_without_the_typing_indicator()
    {
        var view = Render<MessageView>(p => p.Add(v => v.Message, _answer));

        Feed(view, Chunks.Text(_answer.Id, 1, "Partial"), Chunks.Last(_answer.Id, 2, WireStatus.Stopped));

        view.WaitForAssertion(() => Assert.Equal("(Stopped)", view.Find(".status-marker").TextContent.Trim()));
        Assert.Contains("Partial", view.Find(".markdown").TextContent);
        Assert.Empty(view.FindAll("[aria-label='Agent is typing']"));
    }

    [Fact]
    public void The_last_answer_offers_to_regenerate_whatever_its_status()
    {
        var regenerated = false;
        var view = Render<MessageView>(p => p
            .Add(v => v.Message, _answer)
            .Add(v => v.CanRegenerate, true)
            .Add(v => v.OnRegenerate, () => regenerated = true));

        Feed(view, Chunks.Text(_answer.Id, 1, "Half"), Chunks.Last(_answer.Id, 2, WireStatus.Interrupted));
        view.WaitForAssertion(() => Assert.Contains("(Interrupted)", view.Find(".status-marker").TextContent));
        view.FindAll("button").Single(b => b.TextContent == "Regenerate").Click();

        Assert.True(regenerated);
    }

    [Fact]
    public void A_finished_code_block_has_its_own_copy_button_and_the_answer_one_too()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        var view = Render<MessageView>(p => p.Add(v => v.Message, _answer).Add(v => v.AgentName, "Code Reviewer"));

        Feed(view, Chunks.Text(_answer.Id, 1, "Try:\n\n```js\nlet x = 1;\n```\n\nDone."), Chunks.Last(_answer.Id, 2, WireStatus.Complete));

        view.WaitForAssertion(() => Assert.Equal(["Copy code", "Copy answer"],
            view.FindAll("button").Select(b => b.TextContent).Where(t => t.StartsWith("Copy", StringComparison.Ordinal))));
        Assert.StartsWith("Code Reviewer", view.Find(".answered-by").TextContent);
    }

    [Fact]
    public void A_failed_answer_shows_the_safe_error_text()
    {
        var view = Render<MessageView>(p => p.Add(v => v.Message, _answer));

        Feed(view, Chunks.Last(_answer.Id, 1, WireStatus.Failed, "The model did not answer. Try again."));

        view.WaitForAssertion(() => Assert.Equal("The model did not answer. Try again.", view.Find("[role=alert]").TextContent));
    }

    [Fact]
    public void A_complete_answer_renders_headings_lists_tables_and_code()
    {
        var view = Render<MessageView>(p => p.Add(v => v.Message, _answer));

        Feed(view,
            Chunks.Text(_answer.Id, 1, "## Plan\n\n- first\n- second\n\n"),
            Chunks.Text(_answer.Id, 2, "| a | b |\n|---|---|\n| 1 | 2 |\n\n```js\nlet x = 1;\n```"),
            Chunks.Last(_answer.Id, 3, WireStatus.Complete));

        view.WaitForAssertion(() => Assert.Empty(view.FindAll("[aria-label='Agent is typing']")));
        Assert.Equal("Plan", view.Find("h2").TextContent);
        Assert.Equal(2, view.FindAll("li").Count);
        Assert.NotNull(view.Find("table td"));
        Assert.Equal("let x = 1;\n", view.Find("pre code").TextContent);
    }

    [Fact]
    public void Html_in_the_answer_is_shown_as_text_and_never_becomes_an_element()
    {
        var view = Render<MessageView>(p => p.Add(v => v.Message, _answer));

        Feed(view, Chunks.Text(_answer.Id, 1, "<img src=x onerror=alert(1)>"), Chunks.Last(_answer.Id, 2, WireStatus.Complete));

        view.WaitForAssertion(() => Assert.Contains("<img src=x onerror=alert(1)>", view.Find(".markdown").TextContent));
        Assert.Empty(view.FindAll("img"));
        Assert.Empty(view.FindAll("[onerror]"));
    }

    [Fact]
    public void A_question_is_shown_as_plain_text()
    {
        var question = ChatMessage.UserQuestion(Guid.NewGuid(), "**not bold** <b>nor this</b>");

        var view = Render<MessageView>(p => p.Add(v => v.Message, question));

        Assert.Equal("**not bold** <b>nor this</b>", view.Find(".plain").TextContent);
        Assert.Empty(view.FindAll("b"));
    }

    private static void Feed(IRenderedComponent<MessageView> view, params MessageChunk[] chunks)
    {
        foreach (var chunk in chunks)
        {
            view.InvokeAsync(() => view.Instance.Message.Apply(chunk, Chunks.At));
        }
    }
}
