using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Finance.Api.Infrastructure;

/// <summary>The three roles. Treasurers read and write; auditors read everything; viewers read positions and reports.</summary>
public static class Roles
{
    public const string Treasurer = "treasurer";
    public const string Auditor = "auditor";
    public const string Viewer = "viewer";
    public static readonly string[] All = [Treasurer, Auditor, Viewer];
}

/// <summary>Authorization policies, applied per endpoint group — never checked inside a handler.</summary>
public static class Policies
{
    /// <summary>Any valid key (viewer, auditor, treasurer): positions, figures, reports.</summary>
    public const string Read = "read";

    /// <summary>Auditor or treasurer: stored evidence and the change log.</summary>
    public const string Audit = "audit";

    /// <summary>Treasurer only: every write.</summary>
    public const string Write = "write";

    public static void Add(Microsoft.AspNetCore.Authorization.AuthorizationBuilder auth) => auth
        .AddPolicy(Read, p => p.RequireAuthenticatedUser().RequireRole(Roles.All))
        .AddPolicy(Audit, p => p.RequireAuthenticatedUser().RequireRole(Roles.Treasurer, Roles.Auditor))
        .AddPolicy(Write, p => p.RequireAuthenticatedUser().RequireRole(Roles.Treasurer))
        .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
}

/// <summary>An API key from configuration <c>Auth:ApiKeys:{n}</c>: <c>Key</c> (or <c>KeySha256</c>, hex), <c>Name</c>, <c>Role</c>.</summary>
public sealed class ApiKeyEntry
{
    public string? Key { get; init; }
    public string? KeySha256 { get; init; }
    public string Name { get; init; } = "";
    public string Role { get; init; } = "";
}

public sealed class ApiKeyOptions
{
    public List<ApiKeyEntry> ApiKeys { get; init; } = [];
}

/// <summary>
/// Authenticates the <c>X-Api-Key</c> header. Keys are compared by their SHA-256 in constant time; the key itself
/// is never logged. No header → 401; an unknown key → 401; a known key without the role → 403 (both as problem+json).
/// </summary>
public sealed class ApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<ApiKeyOptions> keys,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || string.IsNullOrEmpty(values.ToString()))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(values.ToString()));
        foreach (var entry in keys.CurrentValue.ApiKeys)
        {
            var expected = entry.KeySha256 is { Length: 64 } hex
                ? Convert.FromHexString(hex)
                : entry.Key is { Length: > 0 } key ? SHA256.HashData(Encoding.UTF8.GetBytes(key)) : null;
            if (expected is not null && CryptographicOperations.FixedTimeEquals(presented, expected))
            {
                var identity = new ClaimsIdentity(
                    [new Claim(ClaimTypes.Name, entry.Name), new Claim(ClaimTypes.Role, entry.Role)], SchemeName);
                return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
            }
        }
        return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        WriteProblem(StatusCodes.Status401Unauthorized, "Authentication required.",
            $"Send a valid API key in the {Header} header.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblem(StatusCodes.Status403Forbidden, "Not allowed for this role.",
            "Only a treasurer key may change data; auditors and viewers read.");

    private async Task WriteProblem(int status, string title, string detail)
    {
        Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
        {
            Response.Headers.WWWAuthenticate = Header;
        }
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}

public static class ApiKeyAuthExtensions
{
    public static IServiceCollection AddApiKeyAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ApiKeyOptions>(configuration.GetSection("Auth"));
        services.AddAuthentication(ApiKeyHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyHandler.SchemeName, null);
        Policies.Add(services.AddAuthorizationBuilder());
        return services;
    }

    /// <summary>The caller's key name, for the audit trail.</summary>
    public static string CallerName(this ClaimsPrincipal user) => user.Identity?.Name ?? "anonymous";
}
