using System.Reflection;
using AgentChat.Api.Data;
using AgentChat.Api.Streaming.Hubs;
using AgentChat.Contracts;

namespace AgentChat.Tests.Streaming;

/// <summary>The names clients use (AgentChat.Contracts) are the names the hub really has.</summary>
public sealed class ContractTests
{
    [Theory]
    [InlineData(ChatHubMethods.SendMessage)]
    [InlineData(ChatHubMethods.JoinConversation)]
    [InlineData(ChatHubMethods.LeaveConversation)]
    [InlineData(ChatHubMethods.ResumeStream)]
    [InlineData(ChatHubMethods.ResumeStreamBatched)]
    [InlineData(ChatHubMethods.ResumeStreamCompact)]
    [InlineData(ChatHubMethods.StopGenerating)]
    public void Every_contract_method_name_is_a_method_of_the_hub(string name)
    {
        Assert.NotNull(typeof(ChatHub).GetMethod(name, BindingFlags.Public | BindingFlags.Instance));
    }

    [Theory]
    [InlineData(ChatHubMethods.MessageChunk)]
    [InlineData(ChatHubMethods.MessageChunks)]
    [InlineData(ChatHubMethods.MessageChunkBatch)]
    [InlineData(ChatHubMethods.ConversationTitleChanged)]
    public void Every_event_name_is_one_the_hub_calls(string name)
    {
        Assert.NotNull(typeof(IChatClientEvents).GetMethod(name));
    }

    [Fact]
    public void Every_stored_status_has_its_wire_name()
    {
        Assert.Equal(
            [WireStatus.Streaming, WireStatus.Complete, WireStatus.Stopped, WireStatus.Failed, WireStatus.Interrupted],
            Enum.GetValues<AgentChat.Api.Data.MessageStatus>().Select(s => s.ToWire()));
    }
}
