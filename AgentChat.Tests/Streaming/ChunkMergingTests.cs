using System.Diagnostics;
using AgentChat.Tests.Api;
using AgentChat.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgentChat.Tests.Streaming;

/// <summary>
/// A fast model's tokens are merged into one chunk per merge window, but the first token never
/// waits, and neither do the last ones once the model has ended.
/// </summary>
public sealed class ChunkMergingTests
{
    [Fact]
    public async Task Tokens_within_the_merge_window_share_a_chunk_and_the_first_token_goes_out_alone()
    {
        await using var merging = await MergingChat.StartAsync("00:00:00.500");

        var sent = await merging.Chat.SendAsync(merging.ConversationId, StreamingFixture.Question(out var marker));
        var call = await merging.Model.CallForAsync(marker);
        call.Emit("first ");
        var first = await merging.Chat.WaitForSequenceAsync(sent.AssistantMessageId, 1);
        call.Emit("a ", "b ", "c ");
        call.Finish();
        var chunks = await merging.Chat.WaitForFinalAsync(sent.AssistantMessageId);

        Assert.Equal("first ", first[0].Chunk);
        Assert.Equal(["first ", "a b c ", ""], chunks.Select(c => c.Chunk));
    }

    [Fact]
    public async Task The_last_words_do_not_wait_out_the_merge_window_once_the_model_has_ended()
    {
        // The longest window allowed: a token that comes just after the first chunk would wait
        // almost a second for company, unless the model's end says none will come.
        await using var merging = await MergingChat.StartAsync("00:00:01");

        var sent = await merging.Chat.SendAsync(merging.ConversationId, StreamingFixture.Question(out var marker));
        var call = await merging.Model.CallForAsync(marker);
        call.Emit("first ");
        await merging.Chat.WaitForSequenceAsync(sent.AssistantMessageId, 1);
        var ending = Stopwatch.StartNew();
        call.Emit("last ");
        call.Finish();
        var chunks = await merging.Chat.WaitForFinalAsync(sent.AssistantMessageId);
        ending.Stop();

        Assert.Equal(["first ", "last ", ""], chunks.Select(c => c.Chunk));
        Assert.True(ending.Elapsed < TimeSpan.FromMilliseconds(500),
            $"The end took {ending.Elapsed.TotalMilliseconds:N0} ms: the last words waited out the merge window.");
    }

    private sealed class MergingChat : IAsyncDisposable
    {
        private ApiFactory _host = null!;

        public ScriptedChatClient Model { get; } = new();
        public ChatConnection Chat { get; private set; } = null!;
        public Guid ConversationId { get; private set; }

        public static async Task<MergingChat> StartAsync(string mergeWindow)
        {
            var merging = new MergingChat();
            var servers = await SharedServers.GetAsync();
            merging._host = new ApiFactory(servers, $"merge_{Guid.NewGuid():N}", services =>
            {
                services.RemoveAll<IChatClient>();
                services.AddSingleton<IChatClient>(merging.Model);
            }, new Dictionary<string, string?> { ["Streaming:ChunkMergeWindow"] = mergeWindow }, kestrel: true);
            var user = await TestUser.RegisterAsync(merging._host.CreateClient());
            merging.ConversationId = (await user.Client.CreateConversationAsync()).Id;
            merging.Chat = await ChatConnection.ConnectAsync(merging._host.ServerAddress, user.AccessToken);
            return merging;
        }

        public async ValueTask DisposeAsync()
        {
            if (Chat is not null)
            {
                await Chat.DisposeAsync();
            }
            await _host.DisposeAsync();
        }
    }
}
