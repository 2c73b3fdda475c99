using AgentChat.Contracts;
namespace AgentChat.Api.Streaming.Hubs;

/// <summary>What the server calls on connected clients.</summary>
public interface IChatClientEvents
{
    Task MessageChunk(MessageChunk chunk);
}
