using AgentChat.Api.Common;
using AgentChat.Api.Data;
using AgentChat.Api.Identity;
using AgentChat.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AgentChat.Api.Agents;

public static class AgentsApi
{
    public static IEndpointRouteBuilder MapAgentsApi(this IEndpointRouteBuilder app)
    {
        var agents = app.MapGroup("/api/agents").WithTags("Agents").RequireAuthorization();
        agents.MapGet("/", ListAgents);
        agents.MapGet("/{id}", GetAgent);
        agents.MapPost("/", CreateAgent).RequireAuthorization(IdentityExtensions.AdminPolicy);
        agents.MapPut("/{id}", UpdateAgent).RequireAuthorization(IdentityExtensions.AdminPolicy);
        agents.MapDelete("/{id}", DeleteAgent).RequireAuthorization(IdentityExtensions.AdminPolicy);
        return app;
    }

    private static async Task<Ok<AgentSummary[]>> ListAgents(ChatDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.Agents.AsNoTracking().OrderBy(a => a.Name)
            .Select(a => new AgentSummary(a.Id, a.Name, a.Description, a.Model))
            .ToArrayAsync(ct));

    private static async Task<Results<Ok<AgentDetails>, NotFound, ValidationProblem>> GetAgent(string id, ChatDbContext db, CancellationToken ct)
    {
        if (!Validation.TryParseId(id, out var agentId))
        {
            return Validation.Invalid("id", "must be an agent id");
        }
        var agent = await db.Agents.AsNoTracking().FirstOrDefaultAsync(a => a.Id == agentId, ct);
        return agent is null ? TypedResults.NotFound() : TypedResults.Ok(ToDetails(agent));
    }

    private static async Task<Results<Created<AgentDetails>, ValidationProblem>> CreateAgent(
        AgentRequest request, ChatDbContext db, AgentToolsValidator tools, TimeProvider time, CancellationToken ct)
    {
        var errors = AgentRequestValidator.Validate(request, out var valid) ?? await tools.ValidateAsync(request.Tools, db, ct);
        if (errors is not null)
        {
            return errors;
        }
        if (await db.Agents.AnyAsync(a => a.Name == valid.Name, ct))
        {
            return Validation.Invalid("name", "an agent with this name already exists");
        }
        var now = time.GetUtcNow();
        var agent = new Agent
        {
            Id = Guid.CreateVersion7(now),
            Name = valid.Name,
            Description = valid.Description,
            SystemPrompt = valid.SystemPrompt,
            Model = valid.Model,
            Tools = request.Tools?.ToList() ?? [],
            CreatedAt = now
        };
        db.Agents.Add(agent);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/agents/{agent.Id}", ToDetails(agent));
    }

    private static async Task<Results<Ok<AgentDetails>, NotFound, ValidationProblem>> UpdateAgent(
        string id, AgentRequest request, ChatDbContext db, AgentToolsValidator tools, CancellationToken ct)
    {
        if (!Validation.TryParseId(id, out var agentId))
        {
            return Validation.Invalid("id", "must be an agent id");
        }
        var errors = AgentRequestValidator.Validate(request, out var valid) ?? await tools.ValidateAsync(request.Tools, db, ct);
        if (errors is not null)
        {
            return errors;
        }
        var agent = await db.Agents.FirstOrDefaultAsync(a => a.Id == agentId, ct);
        if (agent is null)
        {
            return TypedResults.NotFound();
        }
        if (await db.Agents.AnyAsync(a => a.Name == valid.Name && a.Id != agentId, ct))
        {
            return Validation.Invalid("name", "an agent with this name already exists");
        }
        agent.Name = valid.Name;
        agent.Description = valid.Description;
        agent.SystemPrompt = valid.SystemPrompt;
        agent.Model = valid.Model;
        if (request.Tools is not null)
        {
            agent.Tools = request.Tools.ToList();
        }
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToDetails(agent));
    }

    private static async Task<Results<NoContent, NotFound, ValidationProblem, ProblemHttpResult>> DeleteAgent(
        string id, ChatDbContext db, CancellationToken ct)
    {
        if (!Validation.TryParseId(id, out var agentId))
        {
            return Validation.Invalid("id", "must be an agent id");
        }
        var agent = await db.Agents.FirstOrDefaultAsync(a => a.Id == agentId, ct);
        if (agent is null)
        {
            return TypedResults.NotFound();
        }
        if (await db.Conversations.AnyAsync(c => c.AgentId == agentId, ct))
        {
            return TypedResults.Problem(
                title: "Agent in use",
                detail: "This agent still has conversations; delete them first.",
                statusCode: StatusCodes.Status409Conflict);
        }
        db.Agents.Remove(agent);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static AgentDetails ToDetails(Agent a) => new(a.Id, a.Name, a.Description, a.SystemPrompt, a.Model, a.CreatedAt, a.Tools);
}
