using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AgentChat.Api.Identity;

/// <summary>
/// Identity's <c>/register</c> endpoint cannot be told to add roles, so roles are settled at
/// sign-in instead, just before the claims are issued: everyone is a <see cref="Roles.User"/>,
/// and the configured admin e-mails are also <see cref="Roles.Admin"/>. The token or cookie
/// issued right after therefore carries the right roles from the first sign-in on.
/// </summary>
public sealed class RoleAssigningClaimsFactory(
    UserManager<AppUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<IdentityOptions> identityOptions,
    IOptionsMonitor<IdentityRoleOptions> roleOptions)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, identityOptions)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        await EnsureRoleAsync(user, Roles.User);
        var admins = roleOptions.CurrentValue.AdminEmails;
        if (user.Email is not null && admins.Contains(user.Email, StringComparer.OrdinalIgnoreCase))
        {
            await EnsureRoleAsync(user, Roles.Admin);
        }
        return await base.GenerateClaimsAsync(user);
    }

    private async Task EnsureRoleAsync(AppUser user, string role)
    {
        if (!await UserManager.IsInRoleAsync(user, role))
        {
            var result = await UserManager.AddToRoleAsync(user, role);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Could not add role {role}: {string.Join("; ", result.Errors.Select(e => e.Code))}");
            }
        }
    }
}
