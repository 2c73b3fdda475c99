using AgentChat.Web.Client.Markdown;

namespace AgentChat.Tests.Web;

public sealed class SafeMarkdownTests
{
    [Fact]
    public void Raw_html_in_model_output_is_escaped_into_text()
    {
        var html = SafeMarkdown.ToHtml("Look: <img src=x onerror=alert(1)> and <script>alert(2)</script>");

        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("<script", html);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
    }

    [Fact]
    public void A_javascript_link_keeps_its_words_and_loses_its_target()
    {
        var html = SafeMarkdown.ToHtml("[click me](javascript:alert(1)) and <javascript:alert(2)>");

        Assert.DoesNotContain("href=\"javascript", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("click me", html);
    }

    [Fact]
    public void An_https_link_opens_in_a_new_tab_without_an_opener()
    {
        var html = SafeMarkdown.ToHtml("[docs](https://learn.microsoft.com)");

        Assert.Contains("href=\"https://learn.microsoft.com\"", html);
        Assert.Contains("rel=\"noopener noreferrer nofollow\"", html);
    }

    [Fact]
    public void An_image_becomes_a_link_so_the_answer_cannot_load_anything_by_itself()
    {
        var html = SafeMarkdown.ToHtml("![a cat](https://example.com/cat.png)");

        Assert.DoesNotContain("<img", html);
        Assert.Contains("href=\"https://example.com/cat.png\"", html);
    }

    [Fact]
    public void Headings_lists_tables_and_code_blocks_render_fully()
    {
        var html = SafeMarkdown.ToHtml("# Title\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```csharp\nvar x = 1;\n```");

        Assert.Contains("<h1", html);
        Assert.Contains("<li>one</li>", html);
        Assert.Contains("<table>", html);
        Assert.Contains("<code class=\"language-csharp\">", html);
    }
}
