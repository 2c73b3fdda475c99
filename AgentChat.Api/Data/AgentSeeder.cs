using AgentChat.Api.Agents.Tools;
using Microsoft.EntityFrameworkCore;

namespace AgentChat.Api.Data;

/// <summary>Seeds starter agents into a database that has none; never touches one that has any.</summary>
public static class AgentSeeder
{
    public static async Task SeedAsync(ChatDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await db.Agents.AnyAsync(cancellationToken))
        {
            return;
        }

        var now = time.GetUtcNow();
        db.Agents.AddRange(
            new Agent
            {
                Id = Guid.CreateVersion7(now),
                Name = "General Assistant",
                Description = "A helpful all-rounder for questions, explanations and drafts.",
                SystemPrompt = "You are a helpful, concise assistant. Answer in Markdown.",
                CreatedAt = now
            },
            new Agent
            {
                Id = Guid.CreateVersion7(now),
                Name = "Code Reviewer",
                Description = "Reviews code, explains bugs and suggests clearer, safer fixes.",
                SystemPrompt = "You are a senior software engineer. Review code carefully, point out bugs and risks, and show fixes in fenced code blocks.",
                CreatedAt = now
            },
            new Agent
            {
                Id = Guid.CreateVersion7(now),
                Name = "Writing Coach",
                Description = "Tightens prose, fixes tone and explains why each change helps.",
                SystemPrompt = "You are an editor. Improve the user's writing for clarity and tone, then list the changes you made and why.",
                CreatedAt = now
            },
            new Agent
            {
                Id = Guid.CreateVersion7(now),
                Name = "Research Assistant",
                Description = "Thinks first, then uses tools: the time, a calculator, and a search of your earlier chats.",
                SystemPrompt = "You are a careful research assistant. Use your tools for dates, arithmetic and anything the user said in earlier conversations; never guess a calculation.",
                Tools = [BuiltInTools.CurrentTime, BuiltInTools.Calculate, BuiltInTools.SearchConversations],
                CreatedAt = now
            });
        await db.SaveChangesAsync(cancellationToken);
    }
}
