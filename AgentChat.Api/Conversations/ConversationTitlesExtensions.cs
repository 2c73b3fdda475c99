namespace AgentChat.Api.Conversations;

public static class ConversationTitlesExtensions
{
    public static IHostApplicationBuilder AddConversationTitles(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TitleOptions>()
            .Bind(builder.Configuration.GetSection(TitleOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<TitleGenerator>();
        return builder;
    }
}
