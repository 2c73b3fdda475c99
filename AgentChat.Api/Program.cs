using AgentChat.Api.Agents;
using AgentChat.Api.Conversations;
using AgentChat.Api.Data;
using AgentChat.Api.Extensions;
using AgentChat.Api.Identity;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapAuthApi();
app.MapAgentsApi();
app.MapConversationsApi();

await app.PrepareDatabaseAsync();
await app.RunAsync();
