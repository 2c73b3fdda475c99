namespace AgentChat.Web.Client.Chat;

/// <summary>Waits for the browser's next animation frame, so a burst of chunks costs one render.</summary>
public interface IFrameScheduler
{
    Task NextFrameAsync();
}
