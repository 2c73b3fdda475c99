using AgentChat.Api.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace AgentChat.Api.Data;

public sealed class ChatDbContext(DbContextOptions<ChatDbContext> options) : IdentityDbContext<AppUser>(options)
{
    public DbSet<Agent> Agents => Set<Agent>();
    public DbSet<Conversation> Conversations => Set<Conversation>();
    public DbSet<ConversationMessage> Messages => Set<ConversationMessage>();
    public DbSet<McpServer> McpServers => Set<McpServer>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<Agent>(agent =>
        {
            agent.ToTable("agents");
            agent.Property(a => a.Name).HasMaxLength(Agent.NameMaxLength);
            agent.Property(a => a.Description).HasMaxLength(Agent.DescriptionMaxLength);
            agent.Property(a => a.SystemPrompt).HasMaxLength(Agent.SystemPromptMaxLength);
            agent.Property(a => a.Model).HasMaxLength(Agent.ModelMaxLength);
            agent.HasIndex(a => a.Name).IsUnique();
        });

        builder.Entity<McpServer>(server =>
        {
            server.ToTable("mcp_servers");
            server.Property(s => s.Name).HasMaxLength(McpServer.NameMaxLength);
            server.Property(s => s.Url).HasMaxLength(McpServer.UrlMaxLength);
            server.HasIndex(s => s.Name).IsUnique();
        });

        builder.Entity<Conversation>(conversation =>
        {
            conversation.ToTable("conversations");
            conversation.Property(c => c.Title).HasMaxLength(Conversation.TitleMaxLength);
            conversation.HasOne(c => c.Owner).WithMany().HasForeignKey(c => c.OwnerId).OnDelete(DeleteBehavior.Cascade);
            // An agent with conversations cannot vanish from under them; the API answers 409 instead.
            conversation.HasOne(c => c.Agent).WithMany().HasForeignKey(c => c.AgentId).OnDelete(DeleteBehavior.Restrict);
            conversation.HasIndex(c => new { c.OwnerId, c.UpdatedAt });
        });

        builder.Entity<ConversationMessage>(message =>
        {
            message.ToTable("messages");
            message.Property(m => m.Role).HasConversion<string>().HasMaxLength(16);
            message.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
            message.Property(m => m.Model).HasMaxLength(Agent.ModelMaxLength);
            message.Property(m => m.Error).HasMaxLength(ConversationMessage.ErrorMaxLength);
            message.Property(m => m.ToolCalls).HasColumnType("jsonb");
            // The conversation search tool: full-text search over a user's own messages.
            message.HasIndex(m => m.Content).HasMethod("GIN").IsTsVectorExpressionIndex("simple");
            message.HasOne(m => m.Conversation).WithMany(c => c.Messages)
                .HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
            message.HasIndex(m => new { m.ConversationId, m.CreatedAt });
            // Crash recovery looks for messages still marked streaming; keep that lookup cheap.
            message.HasIndex(m => m.Status);
        });
    }
}
