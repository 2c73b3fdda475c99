using AgentChat.Api.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.AspNetCore.Identity;
using StackExchange.Redis;

namespace AgentChat.Api.Identity;

public static class IdentityExtensions
{
    public const string AdminPolicy = "Admin";

    public static IHostApplicationBuilder AddChatIdentity(this IHostApplicationBuilder builder)
    {
        // Tokens and cookies are sealed with data-protection keys: every replica must share them, or
        // a user signed in on one instance is a stranger to the next. They live in Redis.
        builder.Services.AddDataProtection().SetApplicationName("AgentChat");
        builder.Services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer>((keys, redis) =>
            keys.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), "agentchat:dataprotection-keys"));

        builder.Services.AddOptions<IdentityRoleOptions>()
            .Bind(builder.Configuration.GetSection(IdentityRoleOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddIdentityApiEndpoints<AppUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 8;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<ChatDbContext>()
            .AddClaimsPrincipalFactory<RoleAssigningClaimsFactory>();

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, policy => policy.RequireRole(Roles.Admin));

        builder.Services.ConfigureApplicationCookie(cookie =>
        {
            // An API answers 401/403; redirecting to a login page would hand a script HTML.
            cookie.Events.OnRedirectToLogin = context =>
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            };
            cookie.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Auth");
        auth.MapIdentityApi<AppUser>();
        auth.MapPost("/logout", async (SignInManager<AppUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.NoContent();
        }).RequireAuthorization();
        auth.MapGet("/me", (System.Security.Claims.ClaimsPrincipal user) => TypedResults.Ok(new
        {
            email = user.Identity?.Name,
            roles = user.FindAll(System.Security.Claims.ClaimTypes.Role).Select(c => c.Value).ToArray()
        })).RequireAuthorization();
        return app;
    }
}
