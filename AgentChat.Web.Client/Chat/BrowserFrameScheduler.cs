using Microsoft.JSInterop;

namespace AgentChat.Web.Client.Chat;

/// <summary>requestAnimationFrame through <c>agentChat.nextFrame</c> in wwwroot/js/chat.js.</summary>
public sealed class BrowserFrameScheduler(IJSRuntime js) : IFrameScheduler
{
    public async Task NextFrameAsync()
    {
        try
        {
            await js.InvokeVoidAsync("agentChat.nextFrame");
        }
        catch (JSDisconnectedException)
        {
        }
    }
}
