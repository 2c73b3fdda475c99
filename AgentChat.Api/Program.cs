using AgentChat.Api.Agents;
using AgentChat.Api.Agents.Mcp;
using AgentChat.Api.Agents.Tools;
using AgentChat.Api.Ai;
using AgentChat.Api.Conversations;
using AgentChat.Api.Data;
using AgentChat.Api.Extensions;
using AgentChat.Api.Identity;
using AgentChat.Api.Streaming;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.AddChatModel();
builder.AddAgentTools();
builder.AddStreaming();
builder.AddConversationTitles();
builder.AddApiRateLimiting();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseHubOriginCheck();

app.MapDefaultEndpoints();
var api = app.MapGroup("").RequireRateLimiting(RateLimitingExtensions.ApiPolicy);
api.MapAuthApi();
api.MapAgentsApi();
api.MapMcpServersApi();
api.MapConversationsApi();
api.MapAiApi();
app.MapChatHub();
app.MapBenchProbe();

await app.PrepareDatabaseAsync();
await app.RunAsync();
