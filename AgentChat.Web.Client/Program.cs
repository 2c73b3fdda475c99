using AgentChat.Web.Client.Account;
using AgentChat.Web.Client.Api;
using AgentChat.Web.Client.Chat;
using AgentChat.Web.Client.Conversations;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;

var builder = WebAssemblyHostBuilder.CreateDefault(args);

builder.Services.AddScoped(services => new HttpClient(new SignedOutHandler(services.GetRequiredService<NavigationManager>())
{
    InnerHandler = new HttpClientHandler()
})
{
    BaseAddress = new Uri(builder.HostEnvironment.BaseAddress)
});
builder.Services.AddScoped<ApiClient>();
builder.Services.AddScoped<Session>();
builder.Services.AddScoped<Workspace>();
builder.Services.AddScoped<IFrameScheduler, BrowserFrameScheduler>();
builder.Services.AddScoped<ChatConnections>();
builder.Services.AddSingleton(TimeProvider.System);

await builder.Build().RunAsync();
