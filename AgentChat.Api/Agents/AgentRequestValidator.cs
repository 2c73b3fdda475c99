using AgentChat.Api.Common;
using AgentChat.Api.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AgentChat.Api.Agents;

public sealed record ValidAgent(string Name, string Description, string SystemPrompt, string? Model);

public static class AgentRequestValidator
{
    /// <summary>Checks every field at once so the caller sees all problems in one answer.</summary>
    public static ValidationProblem? Validate(AgentRequest request, out ValidAgent valid)
    {
        var errors = new Dictionary<string, string[]>();
        Check(errors, "name", Validation.CheckText(request.Name, Agent.NameMaxLength, required: true, out var name));
        Check(errors, "description", Validation.CheckText(request.Description, Agent.DescriptionMaxLength, required: true, out var description));
        Check(errors, "systemPrompt", Validation.CheckText(request.SystemPrompt, Agent.SystemPromptMaxLength, required: true, out var systemPrompt));
        Check(errors, "model", Validation.CheckText(request.Model, Agent.ModelMaxLength, required: false, out var model));

        valid = new ValidAgent(name ?? "", description ?? "", systemPrompt ?? "", model);
        return errors.Count == 0 ? null : TypedResults.ValidationProblem(errors);
    }

    private static void Check(Dictionary<string, string[]> errors, string field, string? error)
    {
        if (error is not null)
        {
            errors[field] = [error];
        }
    }
}
