using AgentChat.Api.Conversations;

namespace AgentChat.Tests.Conversations;

public sealed class ConversationTitlesTests
{
    [Theory]
    [InlineData("  How do I   plan a release\nwith flags?", "How do I plan a release")]
    [InlineData("\"Quoted title.\"", "Quoted title.")]
    [InlineData("## Heading", "Heading")]
    [InlineData("   ", "New conversation")]
    public void A_title_is_the_first_line_with_spaces_collapsed(string text, string title) =>
        Assert.Equal(title, ConversationTitles.FromText(text));

    [Fact]
    public void A_long_first_line_is_cut_at_a_word_with_an_ellipsis()
    {
        var title = ConversationTitles.FromText("Please review this long deployment script for anything that could go wrong in production");

        Assert.Equal("Please review this long deployment script for anything that…", title);
        Assert.True(title.Length <= ConversationTitles.ProvisionalMaxLength);
    }
}
