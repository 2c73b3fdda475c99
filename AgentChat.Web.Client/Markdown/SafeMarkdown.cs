using Markdig;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace AgentChat.Web.Client.Markdown;

/// <summary>
/// Markdown to HTML for untrusted model output. Raw HTML in the text is escaped (it shows as
/// text, so <c>&lt;img onerror&gt;</c> never becomes an element); links and autolinks keep only
/// http(s) and mailto targets and open in a new tab without an opener; images become plain links
/// so an answer cannot make the browser fetch from anywhere by itself. No extension that lets the
/// text set attributes (generic attributes) is enabled.
/// </summary>
public static class SafeMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseTaskLists()
        .UseAutoLinks()
        .Build();

    public static string ToHtml(string markdown)
    {
        var document = Markdig.Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            MakeSafe(link);
        }
        foreach (var autolink in document.Descendants<AutolinkInline>().ToList())
        {
            if (!IsAllowed(autolink.Url))
            {
                autolink.ReplaceBy(new LiteralInline(autolink.Url));
            }
            else
            {
                OpenSafely(autolink.GetAttributes());
            }
        }
        return Markdig.Markdown.ToHtml(document, Pipeline);
    }

    public static bool IsAllowed(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeMailto);

    private static void MakeSafe(LinkInline link)
    {
        link.IsImage = false;
        if (IsAllowed(link.Url))
        {
            OpenSafely(link.GetAttributes());
            return;
        }
        // Keep the words, lose the target: the person still reads what the model wrote.
        var text = new ContainerInline();
        while (link.FirstChild is { } child)
        {
            child.Remove();
            text.AppendChild(child);
        }
        link.ReplaceBy(text);
    }

    private static void OpenSafely(HtmlAttributes attributes)
    {
        attributes.AddPropertyIfNotExist("target", "_blank");
        attributes.AddPropertyIfNotExist("rel", "noopener noreferrer nofollow");
    }
}
