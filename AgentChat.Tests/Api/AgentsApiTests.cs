using System.Net;
using System.Net.Http.Json;
using AgentChat.Contracts;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class AgentsApiTests(ApiFixture api)
{
    [Fact]
    public async Task A_new_user_sees_the_seeded_agents_with_id_name_and_description()
    {
        var user = await api.NewUserAsync();

        var agents = await user.Client.GetAgentsAsync();

        Assert.Contains(agents, a => a.Name == "General Assistant");
        Assert.All(agents, a =>
        {
            Assert.NotEqual(Guid.Empty, a.Id);
            Assert.False(string.IsNullOrWhiteSpace(a.Description));
        });
    }

    [Fact]
    public async Task A_user_who_is_not_an_admin_cannot_create_edit_or_delete_agents()
    {
        var user = await api.NewUserAsync();
        var agentId = (await user.Client.GetAgentsAsync())[0].Id;
        var body = new { name = "Sneaky", description = "d", systemPrompt = "p" };

        Assert.Equal(HttpStatusCode.Forbidden, (await user.Client.PostAsJsonAsync("/api/agents", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.Client.PutAsJsonAsync($"/api/agents/{agentId}", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.Client.DeleteAsync($"/api/agents/{agentId}")).StatusCode);
        Assert.DoesNotContain(await user.Client.GetAgentsAsync(), a => a.Name == "Sneaky");
    }

    [Fact]
    public async Task An_admin_creates_edits_and_deletes_an_agent()
    {
        var admin = await api.AdminAsync();
        var name = $"Poet {Guid.NewGuid():N}";

        var created = await admin.Client.PostAsJsonAsync("/api/agents",
            new { name, description = "Writes verse", systemPrompt = "Answer in rhyme.", model = "llama3.2" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var agent = (await created.Content.ReadFromJsonAsync<AgentSummary>())!;
        Assert.Equal("llama3.2", agent.Model);

        var edited = await admin.Client.PutAsJsonAsync($"/api/agents/{agent.Id}",
            new { name, description = "Writes better verse", systemPrompt = "Answer in rhyme." });
        edited.EnsureSuccessStatusCode();
        Assert.Contains(await admin.Client.GetAgentsAsync(), a => a.Id == agent.Id && a.Description == "Writes better verse" && a.Model == null);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.Client.DeleteAsync($"/api/agents/{agent.Id}")).StatusCode);
        Assert.DoesNotContain(await admin.Client.GetAgentsAsync(), a => a.Id == agent.Id);
    }

    [Fact]
    public async Task An_agent_with_bad_fields_is_refused_naming_every_field()
    {
        var admin = await api.AdminAsync();

        var response = await admin.Client.PostAsJsonAsync("/api/agents",
            new { name = "  ", description = new string('d', 501), systemPrompt = "" });

        Assert.Equal(["description", "name", "systemPrompt"], (await response.ProblemFieldsAsync()).Order());
    }

    [Fact]
    public async Task An_agent_that_still_has_conversations_cannot_be_deleted()
    {
        var admin = await api.AdminAsync();
        var created = await admin.Client.PostAsJsonAsync("/api/agents",
            new { name = $"Busy {Guid.NewGuid():N}", description = "d", systemPrompt = "p" });
        var agent = (await created.Content.ReadFromJsonAsync<AgentSummary>())!;
        await admin.Client.CreateConversationAsync(agent.Id);

        var response = await admin.Client.DeleteAsync($"/api/agents/{agent.Id}");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains(await admin.Client.GetAgentsAsync(), a => a.Id == agent.Id);
    }
}
