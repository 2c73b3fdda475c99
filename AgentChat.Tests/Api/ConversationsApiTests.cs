using System.Net;
using System.Net.Http.Json;
using System.Text;
using AgentChat.Api.Data;
using AgentChat.Contracts;
using AgentChat.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AgentChat.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class ConversationsApiTests(ApiFixture api)
{
    private const string MissingId = "0190c8a4-5a34-7000-8000-0000000000ff";

    [Fact]
    public async Task Creating_a_conversation_returns_201_with_its_id_agent_title_and_time()
    {
        var user = await api.NewUserAsync();
        var agent = (await user.Client.GetAgentsAsync())[0];

        var response = await user.Client.PostAsJsonAsync("/api/conversations", new { agentId = agent.Id, title = "  Trip plans  " });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var conversation = (await response.Content.ReadFromJsonAsync<ConversationSummary>())!;
        Assert.Equal($"/api/conversations/{conversation.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(agent.Id, conversation.AgentId);
        Assert.Equal("Trip plans", conversation.Title);
        Assert.True(conversation.CreatedAt > DateTimeOffset.UtcNow.AddMinutes(-1));
    }

    [Fact]
    public async Task A_conversation_without_a_title_is_named_after_its_agent()
    {
        var user = await api.NewUserAsync();
        var agent = (await user.Client.GetAgentsAsync())[0];

        var conversation = await user.Client.CreateConversationAsync(agent.Id);

        Assert.Equal($"Chat with {agent.Name}", conversation.Title);
    }

    [Fact]
    public async Task The_list_holds_only_the_callers_conversations_newest_first()
    {
        var alice = await api.NewUserAsync();
        var bob = await api.NewUserAsync();
        var first = await alice.Client.CreateConversationAsync(title: "first");
        var second = await alice.Client.CreateConversationAsync(title: "second");
        await bob.Client.CreateConversationAsync(title: "bob's");

        var list = (await alice.Client.GetFromJsonAsync<ConversationSummary[]>("/api/conversations"))!;

        Assert.Equal([second.Id, first.Id], list.Select(c => c.Id));
    }

    [Fact]
    public async Task Another_users_conversation_is_not_found_and_stays_intact()
    {
        var owner = await api.NewUserAsync();
        var stranger = await api.NewUserAsync();
        var conversation = await owner.Client.CreateConversationAsync(title: "private");

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/api/conversations/{conversation.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/api/conversations/{conversation.Id}/messages")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.DeleteAsync($"/api/conversations/{conversation.Id}")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await owner.Client.GetAsync($"/api/conversations/{conversation.Id}")).StatusCode);
    }

    [Fact]
    public async Task A_conversation_that_does_not_exist_is_not_found()
    {
        var user = await api.NewUserAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await user.Client.GetAsync($"/api/conversations/{MissingId}/messages")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await user.Client.DeleteAsync($"/api/conversations/{MissingId}")).StatusCode);
    }

    [Fact]
    public async Task Messages_are_listed_in_order_with_every_field()
    {
        var user = await api.NewUserAsync();
        var conversation = await user.Client.CreateConversationAsync();
        var (question, answer) = await SeedExchangeAsync(conversation);

        var messages = (await user.Client.GetFromJsonAsync<MessageSnapshot[]>($"/api/conversations/{conversation.Id}/messages"))!;

        Assert.Equal([question.Id, answer.Id], messages.Select(m => m.Id));
        Assert.Equal(("user", "complete", "Hello?"), (messages[0].Role, messages[0].Status, messages[0].Content));
        var reply = messages[1];
        Assert.Equal(("assistant", "complete", "# Hi"), (reply.Role, reply.Status, reply.Content));
        Assert.Equal(conversation.AgentId, reply.AgentId);
        Assert.Equal(420, reply.TimeToFirstTokenMs);
        Assert.NotNull(reply.CompletedAt);
    }

    [Fact]
    public async Task Deleting_a_conversation_removes_it_and_its_messages()
    {
        var user = await api.NewUserAsync();
        var conversation = await user.Client.CreateConversationAsync();
        await SeedExchangeAsync(conversation);

        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.DeleteAsync($"/api/conversations/{conversation.Id}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await user.Client.GetAsync($"/api/conversations/{conversation.Id}/messages")).StatusCode);
        using var scope = api.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
        Assert.False(db.Messages.Any(m => m.ConversationId == conversation.Id));
    }

    public static TheoryData<string, string> BadCreateBodies => new()
    {
        { """{"agentId":"0190c8a4-5a34-7000-8000-0000000000ff"}""", "agentId" },
        { """{"agentId":"not-a-guid"}""", "agentId" },
        { """{}""", "agentId" },
        { """{"agentId":"$AGENT","title":"   "}""", "title" },
        { $$"""{"agentId":"$AGENT","title":"{{new string('t', 201)}}"}""", "title" },
    };

    [Theory]
    [MemberData(nameof(BadCreateBodies))]
    public async Task Bad_conversation_input_is_a_400_naming_the_field_and_creates_nothing(string body, string field)
    {
        var user = await api.NewUserAsync();
        var agentId = (await user.Client.GetAgentsAsync())[0].Id;

        var response = await user.Client.PostAsync("/api/conversations",
            new StringContent(body.Replace("$AGENT", agentId.ToString()), Encoding.UTF8, "application/json"));

        Assert.Equal([field], await response.ProblemFieldsAsync());
        Assert.Empty((await user.Client.GetFromJsonAsync<ConversationSummary[]>("/api/conversations"))!);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        var user = await api.NewUserAsync();

        var response = await user.Client.PostAsync("/api/conversations", new StringContent("{agentId:", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("GET", "/api/conversations/not-an-id/messages")]
    [InlineData("GET", "/api/conversations/123")]
    [InlineData("DELETE", "/api/conversations/00000000-0000-0000-0000-000000000000")]
    public async Task A_malformed_conversation_id_is_a_400_naming_id(string method, string path)
    {
        var user = await api.NewUserAsync();

        var response = await user.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(["id"], await response.ProblemFieldsAsync());
    }

    private async Task<(ConversationMessage Question, ConversationMessage Answer)> SeedExchangeAsync(ConversationSummary conversation)
    {
        using var scope = api.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
        var now = DateTimeOffset.UtcNow;
        var question = new ConversationMessage
        {
            Id = Guid.CreateVersion7(),
            ConversationId = conversation.Id,
            Role = MessageRole.User,
            Content = "Hello?",
            Status = MessageStatus.Complete,
            CreatedAt = now,
            CompletedAt = now
        };
        var answer = new ConversationMessage
        {
            Id = Guid.CreateVersion7(),
            ConversationId = conversation.Id,
            Role = MessageRole.Assistant,
            AgentId = conversation.AgentId,
            Content = "# Hi",
            Status = MessageStatus.Complete,
            CreatedAt = now.AddMilliseconds(1),
            CompletedAt = now.AddSeconds(2),
            TimeToFirstTokenMs = 420
        };
        db.Messages.AddRange(question, answer);
        await db.SaveChangesAsync();
        return (question, answer);
    }
}
