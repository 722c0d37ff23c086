using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Finance.Api.Infrastructure;

/// <summary>
/// Optional OIDC bearer tokens (e.g. Entra ID) beside the API keys, on when <c>Auth:Jwt:Authority</c> is configured (the
/// issuer's keys come from its discovery document) or <c>Auth:Jwt:SigningKey</c> (a shared HMAC key with
/// <c>Auth:Jwt:Issuer</c>, for tests and closed installations). <c>Auth:Jwt:Audience</c> is required either way. The
/// token's role claim (<c>Auth:Jwt:RoleClaim</c>, default <c>roles</c>, as Entra app roles send it) carries the same
/// role names as the keys: <c>treasurer</c>, <c>auditor</c>, <c>viewer</c>, <c>admin</c>. The caller's name in the audit
/// trail is <c>Auth:Jwt:NameClaim</c> (default <c>preferred_username</c>), else the subject.
/// </summary>
public static class JwtAuth
{
    public const string SchemeName = JwtBearerDefaults.AuthenticationScheme;

    public static bool Enabled(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration["Auth:Jwt:Authority"]) || !string.IsNullOrEmpty(configuration["Auth:Jwt:SigningKey"]);

    public static void Add(AuthenticationBuilder builder, IConfiguration configuration)
    {
        var jwt = configuration.GetSection("Auth:Jwt");
        var audience = jwt["Audience"] is { Length: > 0 } a ? a : throw new InvalidOperationException("Auth:Jwt:Audience is required with Auth:Jwt.");
        var authority = jwt["Authority"];
        var signingKey = jwt["SigningKey"];
        var issuer = jwt["Issuer"];
        if (string.IsNullOrEmpty(authority) && string.IsNullOrEmpty(issuer))
        {
            throw new InvalidOperationException("Auth:Jwt:Issuer is required with Auth:Jwt:SigningKey.");
        }
        if (!string.IsNullOrEmpty(signingKey) && Encoding.UTF8.GetByteCount(signingKey) < 32)
        {
            throw new InvalidOperationException("Auth:Jwt:SigningKey must be at least 32 bytes (HMAC-SHA256).");
        }
        var roleClaim = jwt["RoleClaim"] is { Length: > 0 } r ? r : "roles";
        var nameClaim = jwt["NameClaim"] is { Length: > 0 } n ? n : "preferred_username";

        builder.AddJwtBearer(SchemeName, o =>
        {
            if (!string.IsNullOrEmpty(authority))
            {
                o.Authority = authority;
            }
            o.Audience = audience;
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidateIssuer = true,
                ValidIssuer = string.IsNullOrEmpty(issuer) ? null : issuer,
                ValidateAudience = true,
                ValidAudience = audience,
                ValidateLifetime = true,
                RequireExpirationTime = true,
                ValidateIssuerSigningKey = true,
                IssuerSigningKey = string.IsNullOrEmpty(signingKey) ? null : new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)),
                ClockSkew = TimeSpan.FromMinutes(1),
                RoleClaimType = roleClaim,
                NameClaimType = nameClaim,
            };
            o.Events = new JwtBearerEvents
            {
                OnTokenValidated = context =>
                {
                    if (context.Principal?.Identity is ClaimsIdentity { Name: null } identity
                        && identity.FindFirst("sub")?.Value is { Length: > 0 } subject)
                    {
                        identity.AddClaim(new Claim(nameClaim, subject));
                    }
                    return Task.CompletedTask;
                },
                OnChallenge = async context =>
                {
                    context.HandleResponse();
                    context.Response.Headers.WWWAuthenticate = context.AuthenticateFailure is null
                        ? "Bearer"
                        : "Bearer error=\"invalid_token\"";
                    var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                    await AuthProblems.Unauthorized(context.HttpContext, problems,
                        "The bearer token is missing, expired, or not signed by the configured issuer.");
                },
                OnForbidden = context =>
                    AuthProblems.Forbidden(context.HttpContext, context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>()),
            };
        });
    }
}
