using System.ComponentModel.DataAnnotations;

namespace AgentChat.Api.Identity;

/// <summary>Configuration section <c>Identity</c>.</summary>
public sealed class IdentityRoleOptions : IValidatableObject
{
    public const string SectionName = "Identity";

    /// <summary>Accounts with these e-mail addresses are made admins when they sign in.</summary>
    public string[] AdminEmails { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var email = new EmailAddressAttribute();
        foreach (var address in AdminEmails)
        {
            if (string.IsNullOrWhiteSpace(address) || !email.IsValid(address))
            {
                yield return new ValidationResult($"Identity:AdminEmails has '{address}', which is not an e-mail address.",
                    [nameof(AdminEmails)]);
            }
        }
    }
}
