using AgentChat.Api.Agents;
using AgentChat.Api.Ai;
using AgentChat.Api.Conversations;
using AgentChat.Api.Data;
using AgentChat.Api.Extensions;
using AgentChat.Api.Identity;
using AgentChat.Api.Streaming;

var builder = WebApplication.CreateBuilder(args);

builder.AddTelemetrySource(StreamingTelemetry.Name);
builder.AddTelemetrySource(AiServiceExtensions.ChatClientTelemetrySource);
builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.AddChatModel();
builder.AddStreaming();
builder.AddConversationTitles();
builder.AddApiRateLimiting();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapDefaultEndpoints();
var api = app.MapGroup("").RequireRateLimiting(RateLimitingExtensions.ApiPolicy);
api.MapAuthApi();
api.MapAgentsApi();
api.MapConversationsApi();
api.MapAiApi();
app.MapChatHub();

await app.PrepareDatabaseAsync();
await app.RunAsync();
