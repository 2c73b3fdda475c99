using System.Diagnostics;
using AgentChat.Contracts;
using AgentChat.Tests.Api;
using AgentChat.Tests.Infrastructure;

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

        var (messageId, call, first) = await merging.AnswerFirstTokenAsync("first ");
        call.Emit("a ", "b ", "c ");
        call.Finish();
        var chunks = await merging.Chat.WaitForFinalAsync(messageId);

        Assert.Equal("first ", first[0].Chunk);
        Assert.Equal(["first ", "a b c ", ""], chunks.Select(c => c.Chunk));
    }

    [Fact]
    public async Task The_last_words_do_not_wait_out_the_merge_window_once_the_model_has_ended()
    {
        // The longest window allowed: a token that comes just after the first chunk would wait
        // almost a second for company, unless the model's end says none will come.
        await using var merging = await MergingChat.StartAsync("00:00:01");

        var (messageId, call, _) = await merging.AnswerFirstTokenAsync("first ");
        var ending = Stopwatch.StartNew();
        call.Emit("last ");
        call.Finish();
        var chunks = await merging.Chat.WaitForFinalAsync(messageId);
        ending.Stop();

        Assert.Equal(["first ", "last ", ""], chunks.Select(c => c.Chunk));
        Assert.True(ending.Elapsed < TimeSpan.FromMilliseconds(500),
            $"The end took {ending.Elapsed.TotalMilliseconds:N0} ms: the last words waited out the merge window.");
    }

    /// <summary>An Api with its own merge window and the scripted model, and one user's chat on it.</summary>
    private sealed class MergingChat : IAsyncDisposable
    {
        private readonly ApiFactory _host;
        private readonly ScriptedChatClient _model;

        private MergingChat(ApiFactory host, ScriptedChatClient model, ChatConnection chat, Guid conversationId) =>
            (_host, _model, Chat, ConversationId) = (host, model, chat, conversationId);

        public ChatConnection Chat { get; }
        public Guid ConversationId { get; }

        public static async Task<MergingChat> StartAsync(string mergeWindow)
        {
            var model = new ScriptedChatClient();
            var host = new ApiFactory(await SharedServers.GetAsync(), $"merge_{Guid.NewGuid():N}", services => services.UseModel(model),
                new Dictionary<string, string?> { ["Streaming:ChunkMergeWindow"] = mergeWindow }, kestrel: true);
            try
            {
                var user = await TestUser.RegisterAsync(host.CreateClient());
                var conversation = await user.Client.CreateConversationAsync();
                return new MergingChat(host, model, await ChatConnection.ConnectAsync(host.ServerAddress, user.AccessToken), conversation.Id);
            }
            catch
            {
                await host.DisposeAsync();
                throw;
            }
        }

        /// <summary>Sends a question and lets the model say its first token, which goes out at once as chunk 1.</summary>
        public async Task<(Guid MessageId, ScriptedCall Call, IReadOnlyList<MessageChunk> First)> AnswerFirstTokenAsync(string token)
        {
            var sent = await Chat.SendAsync(ConversationId, StreamingFixture.Question(out var marker));
            var call = await _model.CallForAsync(marker);
            call.Emit(token);
            return (sent.AssistantMessageId, call, await Chat.WaitForSequenceAsync(sent.AssistantMessageId, 1));
        }

        public async ValueTask DisposeAsync()
        {
            await Chat.DisposeAsync();
            await _host.DisposeAsync();
        }
    }
}
