using AgentChat.Tests.Api;
using AgentChat.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgentChat.Tests.Streaming;

/// <summary>A fast model's tokens are merged into one chunk per merge window, but the first token never waits.</summary>
public sealed class ChunkMergingTests
{
    [Fact]
    public async Task Tokens_within_the_merge_window_share_a_chunk_and_the_first_token_goes_out_alone()
    {
        var model = new ScriptedChatClient();
        var servers = await SharedServers.GetAsync();
        await using var host = new ApiFactory(servers, $"merge_{Guid.NewGuid():N}", services =>
        {
            services.RemoveAll<IChatClient>();
            services.AddSingleton<IChatClient>(model);
        }, new Dictionary<string, string?> { ["Streaming:ChunkMergeWindow"] = "00:00:00.500" }, kestrel: true);
        var user = await TestUser.RegisterAsync(host.CreateClient());
        var conversation = await user.Client.CreateConversationAsync();
        await using var chat = await ChatConnection.ConnectAsync(host.ServerAddress, user.AccessToken);

        var sent = await chat.SendAsync(conversation.Id, StreamingFixture.Question(out var marker));
        var call = await model.CallForAsync(marker);
        call.Emit("first ");
        var first = await chat.WaitForSequenceAsync(sent.AssistantMessageId, 1);
        call.Emit("a ", "b ", "c ");
        call.Finish();
        var chunks = await chat.WaitForFinalAsync(sent.AssistantMessageId);

        Assert.Equal("first ", first[0].Chunk);
        Assert.Equal(["first ", "a b c ", ""], chunks.Select(c => c.Chunk));
    }
}
