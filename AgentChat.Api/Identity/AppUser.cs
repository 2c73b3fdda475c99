using Microsoft.AspNetCore.Identity;

namespace AgentChat.Api.Identity;

public sealed class AppUser : IdentityUser;
