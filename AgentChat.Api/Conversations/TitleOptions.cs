using System.ComponentModel.DataAnnotations;
using AgentChat.Api.Common;

namespace AgentChat.Api.Conversations;

/// <summary>Configuration section <c>Titles</c>: how conversations get their names.</summary>
public sealed class TitleOptions
{
    public const string SectionName = "Titles";

    /// <summary>
    /// Ask the model for a short title after a conversation's first answer. Never done with the
    /// demo model, whose words would make a poor title.
    /// </summary>
    public bool Generate { get; set; } = true;

    /// <summary>Longest a generated title may take before the provisional one is kept.</summary>
    [TimeSpanRange("00:00:01", "00:10:00")]
    public TimeSpan GenerationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest title, in characters, taken from a first message or a model.</summary>
    [Range(10, 200)]
    public int MaxLength { get; set; } = 60;
}
