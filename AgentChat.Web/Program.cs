using AgentChat.Web.Components;
using AgentChat.Web.Proxy;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApiProxy();
builder.Services.AddRazorComponents();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}
app.UseAntiforgery();
app.MapStaticAssets();
app.MapDefaultEndpoints();
app.MapReverseProxy();
app.MapRazorComponents<App>();

await app.RunAsync();
