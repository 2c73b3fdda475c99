using AgentChat.Web.Client.Account;
using AgentChat.Web.Client.Api;
using AgentChat.Web.Client.Chat;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;

var builder = WebAssemblyHostBuilder.CreateDefault(args);

builder.Services.AddScoped(_ => new HttpClient { BaseAddress = new Uri(builder.HostEnvironment.BaseAddress) });
builder.Services.AddScoped<ApiClient>();
builder.Services.AddScoped<Session>();
builder.Services.AddScoped<IFrameScheduler, BrowserFrameScheduler>();
builder.Services.AddSingleton(TimeProvider.System);

await builder.Build().RunAsync();
