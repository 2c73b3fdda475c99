using AgentChat.Web.Client.Chat;

namespace AgentChat.Tests.Web;

/// <summary>Every frame is now: component tests see each chunk's render at once.</summary>
internal sealed class ImmediateFrames : IFrameScheduler
{
    public Task NextFrameAsync() => Task.CompletedTask;
}
