using System.Net.Http.Json;
using AgentChat.Contracts;
using AgentChat.Tests.Api;
using AgentChat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgentChat.Tests.Conversations;

/// <summary>With a real model (here a scripted one behind the OpenAI provider), a title is generated after the first answer.</summary>
[Collection(StreamingCollection.Name)]
public sealed class TitleGenerationTests(StreamingFixture fixture) : IAsyncLifetime
{
    private readonly ScriptedChatClient _model = new();
    private ApiFactory _host = null!;

    public Task InitializeAsync()
    {
        _host = Host(generate: true);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private ApiFactory Host(bool generate) => new(fixture.Servers, fixture.Database, services =>
    {
        services.RemoveAll<IChatClient>();
        services.AddSingleton<IChatClient>(_model);
    }, new Dictionary<string, string?>
    {
        ["AI:Provider"] = "OpenAI",
        ["AI:Endpoint"] = "http://127.0.0.1:9/v1",
        ["AI:Model"] = "titled-model",
        ["Titles:Generate"] = generate ? "true" : "false"
    }, kestrel: true);

    [Fact]
    public async Task After_the_first_answer_the_model_names_the_conversation_and_every_tab_hears_it()
    {
        var user = await TestUser.RegisterAsync(_host.CreateClient());
        var conversation = await user.Client.CreateConversationAsync();
        await using var chat = await ChatConnection.ConnectAsync(_host.ServerAddress, user.AccessToken);
        var titles = new List<string>();
        var generated = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        chat.Hub.On<ConversationTitleChanged>(ChatHubMethods.ConversationTitleChanged, title =>
        {
            lock (titles)
            {
                titles.Add(title.Title);
                if (titles.Count == 2)
                {
                    generated.TrySetResult(title.Title);
                }
            }
        });

        var sent = await chat.SendAsync(conversation.Id, StreamingFixture.Question(out var marker));
        var answer = await _model.CallForAsync(marker);
        answer.Emit("Ship it in three steps.");
        answer.Finish();
        var titleCall = await _model.CallWhereAsync(c => c.Messages[0].Text.Contains("short title", StringComparison.Ordinal));
        titleCall.Emit("\"Shipping in ", "three steps.\"");
        titleCall.Finish();

        Assert.Equal("Shipping in three steps", await generated.Task.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("Ship it in three steps.", titleCall.Messages[^1].Text);
        Assert.Equal("titled-model", titleCall.Options?.ModelId);
        Assert.Equal("Shipping in three steps",
            (await user.Client.GetFromJsonAsync<ConversationSummary>($"/api/conversations/{conversation.Id}"))!.Title);
        await chat.WaitForFinalAsync(sent.AssistantMessageId);
    }

    [Fact]
    public async Task Shutdown_cancels_a_title_request_still_running_and_waits_for_it()
    {
        var host = Host(generate: true);
        var user = await TestUser.RegisterAsync(host.CreateClient());
        var conversation = await user.Client.CreateConversationAsync();
        var titles = host.Services.GetRequiredService<AgentChat.Api.Conversations.TitleGenerator>();
        ScriptedCall titleCall;
        await using (var chat = await ChatConnection.ConnectAsync(host.ServerAddress, user.AccessToken))
        {
            var sent = await chat.SendAsync(conversation.Id, StreamingFixture.Question(out var marker));
            var answer = await _model.CallForAsync(marker);
            answer.Emit("An answer worth a title.");
            answer.Finish();
            await chat.WaitForFinalAsync(sent.AssistantMessageId);
            titleCall = await _model.CallWhereAsync(c => c.Messages[^1].Text.Contains(marker, StringComparison.Ordinal)
                                                         && c.Messages[0].Text.Contains("short title", StringComparison.Ordinal));
        }
        Assert.Equal(1, titles.Running);

        await host.DisposeAsync(); // the title request never answers: shutdown must not leave it behind

        await titleCall.Cancelled.WaitAsync(TimeSpan.FromSeconds(10));
        // The host's disposal may return before the container has disposed the generator (and
        // awaited the request's unwinding): allow it that moment, not more.
        await Eventually.HoldsAsync(() => titles.Running == 0, "A title request is still running after the host was disposed.");
    }

    [Fact]
    public async Task Generation_can_be_turned_off()
    {
        await using var host = Host(generate: false);
        var user = await TestUser.RegisterAsync(host.CreateClient());
        var conversation = await user.Client.CreateConversationAsync();
        await using var chat = await ChatConnection.ConnectAsync(host.ServerAddress, user.AccessToken);

        var sent = await chat.SendAsync(conversation.Id, StreamingFixture.Question(out var marker));
        (await _model.CallForAsync(marker)).Finish();
        await chat.WaitForFinalAsync(sent.AssistantMessageId);

        Assert.False(host.Services.GetRequiredService<AgentChat.Api.Conversations.TitleGenerator>().Enabled);
        Assert.StartsWith("Please answer",
            (await user.Client.GetFromJsonAsync<ConversationSummary>($"/api/conversations/{conversation.Id}"))!.Title);
    }
}
