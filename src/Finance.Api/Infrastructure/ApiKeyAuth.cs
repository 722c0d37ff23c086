using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Finance.Data;
using Finance.Data.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Finance.Api.Infrastructure;

/// <summary>
/// The roles. Treasurers read and write; auditors read everything; viewers read positions and reports. An admin manages
/// the API keys and nothing else: it neither reads nor writes the registers (give the same person a treasurer key for
/// that), so a key-management key that leaks cannot change a position without leaving a new key's name in the audit trail.
/// </summary>
public static class Roles
{
    public const string Treasurer = "treasurer";
    public const string Auditor = "auditor";
    public const string Viewer = "viewer";
    public const string Admin = "admin";

    /// <summary>The roles that read the registers.</summary>
    public static readonly string[] All = [Treasurer, Auditor, Viewer];

    /// <summary>Every role a key may have.</summary>
    public static readonly string[] Assignable = [Treasurer, Auditor, Viewer, Admin];
}

/// <summary>Authorization policies, applied per endpoint group — never checked inside a handler.</summary>
public static class Policies
{
    /// <summary>Any reading role (viewer, auditor, treasurer): positions, figures, reports.</summary>
    public const string Read = "read";

    /// <summary>Auditor or treasurer: stored evidence and the change log.</summary>
    public const string Audit = "audit";

    /// <summary>Treasurer only: every write.</summary>
    public const string Write = "write";

    /// <summary>Admin only: the API keys.</summary>
    public const string Admin = "admin";

    /// <summary>The roles a policy admits, for the 403 problem that names them.</summary>
    public static IReadOnlyList<string> RolesOf(string? policy) => policy switch
    {
        Read => Roles.All,
        Audit => [Roles.Treasurer, Roles.Auditor],
        Write => [Roles.Treasurer],
        Admin => [Roles.Admin],
        _ => [],
    };

    public static void Add(Microsoft.AspNetCore.Authorization.AuthorizationBuilder auth) => auth
        .AddPolicy(Read, p => p.RequireAuthenticatedUser().RequireRole(Roles.All))
        .AddPolicy(Audit, p => p.RequireAuthenticatedUser().RequireRole(Roles.Treasurer, Roles.Auditor))
        .AddPolicy(Write, p => p.RequireAuthenticatedUser().RequireRole(Roles.Treasurer))
        .AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin))
        .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
}

/// <summary>
/// An API key from configuration <c>Auth:ApiKeys:{n}</c>: <c>Name</c>, <c>Role</c> and <c>KeySha256</c>, the hex SHA-256
/// of the key (<c>printf %s KEY | sha256sum</c> gives it). The plain <c>Key</c> of the HTTP contract (api.md) is still
/// accepted so existing deployments keep working, but it is hashed on load, never logged, and start-up warns that the
/// hash should be configured instead.
/// </summary>
public sealed class ApiKeyEntry
{
    private readonly string _keySha256 = "";

    /// <summary>The plain key (contract compatibility); prefer <see cref="KeySha256"/>.</summary>
    public string? Key { get; init; }

    public string KeySha256
    {
        get => _keySha256.Length > 0 ? _keySha256 : Key is { Length: > 0 } key ? Finance.Data.Access.ApiKeyStore.Hash(key) : "";
        init => _keySha256 = value;
    }

    public string Name { get; init; } = "";
    public string Role { get; init; } = "";
}

public sealed class ApiKeyOptions
{
    public List<ApiKeyEntry> ApiKeys { get; init; } = [];

    /// <summary>How long the database keys are cached (seconds). A key revoked through the API is dropped at once.</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 3600, ErrorMessage = "Auth:DatabaseKeyCacheSeconds must be from 0 to 3600 (seconds).")]
    public int DatabaseKeyCacheSeconds { get; init; } = 30;

    /// <summary><c>Auth:SignInHours</c>: how long a browser sign-in lasts after its last use (see <see cref="SignIn"/>).</summary>
    [System.ComponentModel.DataAnnotations.Range(0.1, 168.0, ErrorMessage = "Auth:SignInHours must be from 0.1 to 168 (hours).")]
    public double SignInHours { get; init; } = 8;

    /// <summary>The configured keys' problems: no key or a bad hash, an unknown role, no name.</summary>
    public static IEnumerable<string> Problems(IConfiguration auth)
    {
        var entries = auth.GetSection("ApiKeys").GetChildren().ToList();
        foreach (var entry in entries)
        {
            var at = $"Auth:ApiKeys:{entry.Key}";
            var plain = entry["Key"] is { Length: > 0 };
            if (!plain && (entry["KeySha256"] is not { Length: 64 } hex || !hex.All(char.IsAsciiHexDigit)))
            {
                yield return $"{at}:KeySha256 must be 64 hex digits (the SHA-256 of the key).";
            }
            if (!Roles.Assignable.Contains(entry["Role"]))
            {
                yield return $"{at}:Role must be one of {string.Join(", ", Roles.Assignable)}.";
            }
            if (string.IsNullOrWhiteSpace(entry["Name"]))
            {
                yield return $"{at}:Name is required (it names the caller in the audit trail).";
            }
        }
    }
}

/// <summary>
/// The active keys of the <c>api_keys</c> table, read at most every <see cref="ApiKeyOptions.DatabaseKeyCacheSeconds"/>
/// (one query per refresh, not per request) and at once after <see cref="Invalidate"/> (a key made or revoked here).
/// A key revoked by another process (the CLI, a second host) stops working within the cache time.
/// </summary>
public sealed class DatabaseApiKeys(Db db, IOptionsMonitor<ApiKeyOptions> options, TimeProvider time)
{
    private sealed record Snapshot(long LoadedAt, IReadOnlyDictionary<string, ActiveApiKey> BySha256);

    private readonly Lock _refresh = new();
    private volatile Snapshot? _snapshot;

    public ActiveApiKey? Find(string sha256Hex)
    {
        var snapshot = Current();
        return snapshot.BySha256.GetValueOrDefault(sha256Hex);
    }

    public void Invalidate() => _snapshot = null;

    private Snapshot Current()
    {
        var ttl = TimeSpan.FromSeconds(options.CurrentValue.DatabaseKeyCacheSeconds);
        var snapshot = _snapshot;
        if (snapshot is not null && time.GetElapsedTime(snapshot.LoadedAt) < ttl)
        {
            return snapshot;
        }
        lock (_refresh)
        {
            snapshot = _snapshot;
            if (snapshot is not null && time.GetElapsedTime(snapshot.LoadedAt) < ttl)
            {
                return snapshot;
            }
            var loadedAt = time.GetTimestamp();
            using var c = db.OpenRead();
            var keys = ApiKeyStore.Active(c).ToDictionary(k => k.Sha256, StringComparer.Ordinal);
            snapshot = new Snapshot(loadedAt, keys);
            _snapshot = snapshot;
            return snapshot;
        }
    }
}

/// <summary>
/// Authenticates the <c>X-Api-Key</c> header against the configured hashes (compared in constant time) and the
/// database's keys (looked up by hash). The key itself is never logged or stored. No header → 401; an unknown or revoked
/// key → 401; a known key without the role → 403 (all as problem+json).
/// </summary>
public sealed class ApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<ApiKeyOptions> keys,
    DatabaseApiKeys databaseKeys,
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
        return Task.FromResult(Find(values.ToString(), keys.CurrentValue, databaseKeys) is { } key
            ? Success(key.Name, key.Role)
            : AuthenticateResult.Fail("Unknown or revoked API key."));
    }

    /// <summary>The configured or stored key <paramref name="key"/> is (name and role), or null for an unknown or revoked key.</summary>
    public static KnownKey? Find(string key, ApiKeyOptions configured, DatabaseApiKeys databaseKeys)
    {
        Span<byte> presented = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), presented);
        return FindByHash(Convert.ToHexStringLower(presented), configured, databaseKeys);
    }

    /// <summary>As <see cref="Find"/>, by the key's hex SHA-256 (what a sign-in cookie carries to re-check the key).</summary>
    public static KnownKey? FindByHash(string sha256Hex, ApiKeyOptions configured, DatabaseApiKeys databaseKeys)
    {
        Span<byte> presented = stackalloc byte[SHA256.HashSizeInBytes];
        if (Convert.FromHexString(sha256Hex, presented, out _, out var length) != System.Buffers.OperationStatus.Done || length != presented.Length)
        {
            return null;
        }
        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        foreach (var entry in configured.ApiKeys)
        {
            if (Convert.FromHexString(entry.KeySha256, expected, out _, out var written) == System.Buffers.OperationStatus.Done
                && written == expected.Length
                && CryptographicOperations.FixedTimeEquals(presented, expected))
            {
                return new KnownKey(entry.Name, entry.Role, Convert.ToHexStringLower(presented));
            }
        }
        return databaseKeys.Find(Convert.ToHexStringLower(presented)) is { } stored
            ? new KnownKey(stored.Name, stored.Role, Convert.ToHexStringLower(presented))
            : null;
    }

    private static AuthenticateResult Success(string name, string role)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = Header;
        await AuthProblems.Unauthorized(Context, problems, $"Send a valid API key in the {Header} header.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => AuthProblems.Forbidden(Context, problems);
}

/// <summary>A key that is known and active: its name (the caller in the audit trail), its role and its hex SHA-256.</summary>
public sealed record KnownKey(string Name, string Role, string Sha256);

/// <summary>The 401 and 403 problems of both schemes.</summary>
public static class AuthProblems
{
    public static Task Unauthorized(HttpContext context, IProblemDetailsService problems, string detail) =>
        Write(context, problems, StatusCodes.Status401Unauthorized, "Authentication required.", detail);

    /// <summary>403 naming the caller's role and the role(s) the operation needs.</summary>
    public static Task Forbidden(HttpContext context, IProblemDetailsService problems)
    {
        var roleClaim = (context.User.Identity as ClaimsIdentity)?.RoleClaimType ?? ClaimTypes.Role;
        var has = context.User.Claims.Where(c => c.Type == roleClaim || c.Type == ClaimTypes.Role).Select(c => c.Value).Distinct().ToList();
        var needs = (context.GetEndpoint()?.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>() ?? [])
            .SelectMany(a => Policies.RolesOf(a.Policy)).Distinct().ToList();
        var yours = has.Count == 0 ? "no role" : "the role " + string.Join(", ", has.Select(r => $"`{r}`"));
        var needed = needs.Count == 0 ? "another role" : (needs.Count == 1 ? "the role " : "one of the roles ") + string.Join(", ", needs.Select(r => $"`{r}`"));
        return Write(context, problems, StatusCodes.Status403Forbidden, "Not allowed for this role.",
            $"Your key has {yours}; {context.Request.Method} {context.Request.Path} needs {needed}. Treasurers change data; auditors and viewers read; admins manage the API keys.");
    }

    private static async Task Write(HttpContext context, IProblemDetailsService problems, int status, string title, string detail)
    {
        await ProblemWriter.Write(context, problems, new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = title, Detail = detail });
    }
}

public static class ApiKeyAuthExtensions
{
    /// <summary>
    /// The default scheme: an <c>X-Api-Key</c> header goes to the API key, a bearer token to JWT (when configured), the
    /// sign-in cookie on a read to <see cref="SignIn"/>, anything else to the API key (401 without one).
    /// </summary>
    public const string SelectorScheme = "ApiKeyOrBearer";

    public static IServiceCollection AddFinanceAuth(this IServiceCollection services, IConfiguration configuration)
    {
        var auth = configuration.GetSection("Auth");
        var problems = ApiKeyOptions.Problems(auth).ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("The API keys of configuration are not valid: " + string.Join(" ", problems));
        }
        services.AddOptions<ApiKeyOptions>().Bind(auth).ValidateDataAnnotations().ValidateOnStart();
        var plainKeys = auth.GetSection("ApiKeys").GetChildren().Where(e => e["Key"] is { Length: > 0 }).Select(e => e["Name"]).ToList();
        if (plainKeys.Count > 0)
        {
            // The names only, never the keys.
            Console.Error.WriteLine($"warning: Auth:ApiKeys configures plain keys for {string.Join(", ", plainKeys)}; configure KeySha256 (the key's hex SHA-256) instead, so no key is stored in clear.");
        }
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<DatabaseApiKeys>();
        var jwt = JwtAuth.Enabled(configuration);
        var builder = services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, "API key, bearer token or sign-in cookie", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(ApiKeyHandler.Header) ? ApiKeyHandler.SchemeName
                : jwt && context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? JwtAuth.SchemeName
                // The browser's sign-in cookie only for reads (and the dashboard): never for an API write.
                : SignIn.Applies(context) ? SignIn.SchemeName
                : ApiKeyHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyHandler.SchemeName, null);
        SignIn.Add(builder, configuration);
        if (jwt)
        {
            JwtAuth.Add(builder, configuration);
        }
        Policies.Add(services.AddAuthorizationBuilder());
        return services;
    }

    /// <summary>The caller's key name (or token subject), for the audit trail.</summary>
    public static string CallerName(this ClaimsPrincipal user) => user.Identity?.Name ?? "anonymous";
}
