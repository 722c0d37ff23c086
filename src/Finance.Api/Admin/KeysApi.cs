using System.ComponentModel;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Finance.Api.Infrastructure;
using Finance.Data;
using Finance.Data.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Finance.Api.Admin;

public sealed record NewApiKeyInput(
    [property: Description("The key's name: 1–64 of a–z, 0–9, `.`, `_`, `-`, starting with a letter or digit. It names the caller in the audit trail and is never reused.")] string? Name,
    [property: Description("`treasurer`, `auditor`, `viewer` or `admin`.")] string? Role);

public sealed record NewApiKeyDto(
    string Name,
    string Role,
    [property: Description("The key, shown only in this response: only its SHA-256 is stored. Send it in the `X-Api-Key` header.")] string Key,
    Instant CreatedAt,
    string CreatedBy);

public sealed record ApiKeyDto(
    string Name,
    string Role,
    [property: Description("`database` (managed here) or `configuration` (`Auth:ApiKeys`, changed only by redeploying).")] string Source,
    Instant? CreatedAt,
    string? CreatedBy,
    Instant? RevokedAt);

/// <summary>The API keys managed in the database: made, listed and revoked by an admin key. Keys are never shown again.</summary>
public static partial class KeysApi
{
    public static void MapKeysApi(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/admin/keys").WithTags("Admin").RequireAuthorization(Policies.Admin);
        keys.MapPost("", Create)
            .WithSummary("Make an API key")
            .WithDescription("Generates a key (32 random bytes, base64url), stores only its SHA-256 and returns the key once: copy it now, it cannot be shown again. The name is the caller's name in the audit trail; a name is never reused, not even after revocation.");
        keys.MapGet("", List)
            .WithSummary("List the API keys")
            .WithDescription("The keys of the database (with who made them, when, and when revoked) and of configuration. Neither keys nor hashes are shown.");
        keys.MapDelete("/{name}", Revoke)
            .WithSummary("Revoke an API key")
            .WithDescription("Returns the revoked key's record; 409 when it is the last active admin key (of the database and configuration together). The key stops working at once in this service (other processes within `Auth:DatabaseKeyCacheSeconds`, 30 s by default). The row stays, so the audit trail's name keeps its meaning. Keys of configuration are removed from configuration instead.");
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    /// <summary>The validation of a new key's name and role, shared with the <c>keys add</c> command.</summary>
    public static Validation Check(string? name, string? role) => new Validation()
        .When(name is null || !NamePattern().IsMatch(name), "name", "1–64 characters of a–z, 0–9, '.', '_', '-', starting with a letter or digit.")
        .When(role is null || !Roles.Assignable.Contains(role), "role", "One of " + string.Join(", ", Roles.Assignable) + ".");

    /// <summary>Makes and stores a key; null when the name is taken (in the database or in configuration).</summary>
    public static NewApiKeyDto? Make(Db db, ApiKeyOptions configured, string name, string role, Instant now, string createdBy)
    {
        if (configured.ApiKeys.Any(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }
        var key = ApiKeyStore.Generate();
        using var c = db.Open();
        return ApiKeyStore.Add(c, name, role, ApiKeyStore.Hash(key), now, createdBy) ? new NewApiKeyDto(name, role, key, now, createdBy) : null;
    }

    private static Results<Created<NewApiKeyDto>, ValidationProblem, Conflict<ProblemDetails>> Create(
        Db db, IClock clock, IOptionsMonitor<ApiKeyOptions> options, DatabaseApiKeys cache, ClaimsPrincipal user, NewApiKeyInput body)
    {
        var v = Check(body.Name, body.Role);
        if (!v.Ok)
        {
            return v.Problem();
        }
        var made = Make(db, options.CurrentValue, body.Name!, body.Role!, clock.GetCurrentInstant(), user.CallerName());
        if (made is null)
        {
            return TypedResults.Conflict(new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "The key name is taken.",
                Detail = $"A key named '{body.Name}' exists (or existed: names of revoked keys are not reused).",
            });
        }
        cache.Invalidate();
        return TypedResults.Created("/api/admin/keys", made);
    }

    private static Ok<List<ApiKeyDto>> List(Db db, IOptionsMonitor<ApiKeyOptions> options)
    {
        using var c = db.OpenRead();
        var stored = ApiKeyStore.List(c).Select(k => new ApiKeyDto(k.Name, k.Role, "database", k.CreatedAt, k.CreatedBy, k.RevokedAt));
        var configured = options.CurrentValue.ApiKeys.Select(k => new ApiKeyDto(k.Name, k.Role, "configuration", null, null, null));
        return TypedResults.Ok(configured.Concat(stored).ToList());
    }

    private static Results<Ok<ApiKeyDto>, NotFound<ProblemDetails>, Conflict<ProblemDetails>> Revoke(
        Db db, IClock clock, DatabaseApiKeys cache, IOptionsMonitor<ApiKeyOptions> options, string name)
    {
        // Checked inside the write transaction: two admins revoking each other at once cannot both succeed.
        var configuredAdmins = options.CurrentValue.ApiKeys.Count(k => k.Role == Roles.Admin);
        var outcome = db.InTransaction<Results<Ok<ApiKeyDto>, NotFound<ProblemDetails>, Conflict<ProblemDetails>>?>((c, tx) =>
        {
            if (ApiKeyStore.ActiveRole(c, name, tx) == Roles.Admin && configuredAdmins + ApiKeyStore.ActiveAdmins(c, tx) <= 1)
            {
                return TypedResults.Conflict(new ProblemDetails
                {
                    Status = 409, Title = "The last admin key cannot be revoked.",
                    Detail = $"'{name}' is the only active admin key: make another admin key first, then revoke this one.",
                });
            }
            if (!ApiKeyStore.Revoke(c, name, clock.GetCurrentInstant(), tx))
            {
                return ProblemResults.NotFound($"No key named '{name}' in the database (keys of configuration are removed from configuration).");
            }
            return null;
        });
        if (outcome is not null)
        {
            return outcome;
        }
        cache.Invalidate();
        using var read = db.OpenRead();
        var k = ApiKeyStore.List(read).Single(x => x.Name == name);
        return TypedResults.Ok(new ApiKeyDto(k.Name, k.Role, "database", k.CreatedAt, k.CreatedBy, k.RevokedAt));
    }
}
