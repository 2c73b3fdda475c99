using Microsoft.AspNetCore.SignalR;

namespace AgentChat.Api.Streaming.Hubs;

/// <summary>
/// Adds a connection to a conversation's group once. SignalR cannot say whether a connection is
/// already in a group, and asking the Redis backplane again on every send costs the first token
/// time, so each connection remembers the conversations it has joined.
/// </summary>
public static class ConnectionGroups
{
    private const string JoinedKey = "agentchat.joined-conversations";

    public static Task JoinAsync(HubCallerContext context, IGroupManager groups, Guid conversationId)
    {
        var joined = (HashSet<Guid>)(context.Items.TryGetValue(JoinedKey, out var existing)
            ? existing!
            : context.Items[JoinedKey] = new HashSet<Guid>());
        lock (joined)
        {
            if (!joined.Add(conversationId))
            {
                return Task.CompletedTask;
            }
        }
        return AddAsync(context, groups, conversationId, joined);
    }

    private static async Task AddAsync(HubCallerContext context, IGroupManager groups, Guid conversationId, HashSet<Guid> joined)
    {
        try
        {
            await groups.AddToGroupAsync(context.ConnectionId, ChatGroups.Conversation(conversationId));
        }
        catch
        {
            lock (joined)
            {
                joined.Remove(conversationId); // not joined after all: the next call tries again
            }
            throw;
        }
    }

    public static Task LeaveAsync(HubCallerContext context, IGroupManager groups, Guid conversationId)
    {
        if (context.Items.TryGetValue(JoinedKey, out var existing) && existing is HashSet<Guid> joined)
        {
            lock (joined)
            {
                joined.Remove(conversationId);
            }
        }
        return groups.RemoveFromGroupAsync(context.ConnectionId, ChatGroups.Conversation(conversationId));
    }
}
