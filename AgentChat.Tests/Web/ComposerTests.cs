using AgentChat.Web.Client.Chat;
using Bunit;

namespace AgentChat.Tests.Web;

public sealed class ComposerTests : BunitContext
{
    public ComposerTests() => JSInterop.Mode = JSRuntimeMode.Loose;

    [Fact]
    public void Send_passes_the_trimmed_message_and_clears_the_box()
    {
        string? sent = null;
        var composer = Render<Composer>(p => p.Add(c => c.OnSend, (string text) => sent = text));

        composer.Find("textarea[aria-label=Message]").Input("  Hello agent  ");
        composer.Find("form").Submit();

        Assert.Equal("Hello agent", sent);
        Assert.Equal("", composer.Find("textarea").GetAttribute("value") ?? "");
    }

    [Fact]
    public void While_an_answer_streams_stop_sits_beside_a_disabled_send()
    {
        var stopped = false;
        var composer = Render<Composer>(p => p
            .Add(c => c.IsAnswering, true)
            .Add(c => c.OnSend, (string _) => { })
            .Add(c => c.OnStop, () => stopped = true));

        composer.Find("button.stop").Click();

        Assert.Equal("Stop Generating", composer.Find("button.stop").TextContent);
        Assert.True(composer.Find("button[type=submit]").HasAttribute("disabled"));
        Assert.True(stopped);
    }

    [Fact]
    public void Enter_again_while_the_first_message_is_on_its_way_sends_nothing_and_keeps_the_new_text()
    {
        var sent = new List<string>();
        var pending = new TaskCompletionSource();
        var composer = Render<Composer>(p => p.Add(c => c.OnSend, async (string text) =>
        {
            sent.Add(text);
            await pending.Task;
        }));

        composer.Find("textarea").Input("alpha");
        composer.Find("form").Submit();
        composer.Find("textarea").Input("bravo");
        composer.Find("form").Submit();

        Assert.Equal(["alpha"], sent);
        Assert.Equal("bravo", composer.Find("textarea").GetAttribute("value"));
        Assert.True(composer.Find("button[type=submit]").HasAttribute("disabled"));
        pending.SetResult();
    }
}
