namespace AgentChat.Api.Conversations;

public static class ConversationsExtensions
{
    /// <summary>Conversation work: the turn, the ownership checks and the message views.</summary>
    public static IHostApplicationBuilder AddConversations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ConversationAccess>();
        builder.Services.AddScoped<ConversationTurns>();
        builder.Services.AddScoped<TurnStore>();
        builder.Services.AddSingleton<ConversationOwners>();
        builder.Services.AddSingleton<DeletedConversations>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DeletedConversations>());
        builder.Services.AddScoped<ConversationDeletion>();
        builder.Services.AddSingleton<MessageViews>();
        builder.Services.AddSingleton<ConversationNotices>();
        return builder;
    }
}
