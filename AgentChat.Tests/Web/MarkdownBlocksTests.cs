using AgentChat.Web.Client.Markdown;

namespace AgentChat.Tests.Web;

public sealed class MarkdownBlocksTests
{
    [Fact]
    public void Blank_lines_separate_blocks()
    {
        var blocks = MarkdownBlocks.Split("# Title\n\nFirst paragraph.\n\nSecond");

        Assert.Equal(["# Title", "First paragraph.", "Second"], blocks);
    }

    [Fact]
    public void A_blank_line_inside_a_code_fence_does_not_split_it()
    {
        var blocks = MarkdownBlocks.Split("```\nline one\n\nline two\n```\n\nAfter");

        Assert.Equal(["```\nline one\n\nline two\n```", "After"], blocks);
    }

    [Fact]
    public void An_indented_continuation_stays_with_its_list_item()
    {
        var blocks = MarkdownBlocks.Split("- item\n\n  more about the item\n\nNext");

        Assert.Equal(["- item\n\n  more about the item", "Next"], blocks);
    }
}
