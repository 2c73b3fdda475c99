namespace AgentChat.Tests.Web;

public sealed class CodeBlocksTests
{
    [Theory]
    [InlineData("```js\nlet x = 1;\nlet y = 2;\n```", "let x = 1;\nlet y = 2;")]
    [InlineData("~~~\nplain\n~~~", "plain")]
    [InlineData("```\nstill streaming", "still streaming")]
    public void The_code_of_a_fenced_block_is_the_text_between_its_fences(string block, string code) =>
        Assert.Equal(code, AgentChat.Web.Client.Markdown.CodeBlocks.CodeOf(block));

    [Fact]
    public void A_paragraph_has_no_code() => Assert.Null(AgentChat.Web.Client.Markdown.CodeBlocks.CodeOf("Just words."));
}
