using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Finance.Core.Common;
using Microsoft.Extensions.Options;

namespace Finance.Api.Infrastructure;

/// <summary>
/// The browser sign-in: <c>GET /signin</c> shows a small form, <c>POST /signin</c> with the form field <c>key</c> (an API
/// key) sets an HttpOnly, SameSite=Strict cookie (Secure on https) carrying that key's name and role, and
/// <c>POST /signout</c> ends it. The cookie is for reading in a browser tab — the reports and the jobs dashboard — and
/// never for an API write: the scheme selector (<see cref="ApiKeyAuthExtensions"/>) uses it only for GET and HEAD
/// requests and for the dashboard's own actions under <c>/hangfire</c> (CSRF-checked there); a POST, PUT or DELETE to
/// the API with the cookie alone is unauthenticated (401), so no cross-site request can change data. Every request
/// re-checks that the key is still active, so revoking a key ends its browser sessions too.
/// </summary>
public static class SignIn
{
    public const string SchemeName = "SignIn";
    public const string CookieName = "finance.signin";
    public const string Path = "/signin";
    public const string SignOutPath = "/signout";

    /// <summary>The claim that carries the key's SHA-256 (in the encrypted cookie), to re-check the key on each request.</summary>
    private const string KeyClaim = "finance:key-sha256";

    /// <summary>How long a sign-in lasts without use (<c>Auth:SignInHours</c>, default 8: a working day).</summary>
    public static TimeSpan Lifetime(IConfiguration configuration) => TimeSpan.FromHours((configuration.GetSection("Auth").Get<ApiKeyOptions>() ?? new ApiKeyOptions()).SignInHours);

    /// <summary>True when a request may be authenticated by the cookie: reads, and the dashboard's own pages and actions.</summary>
    public static bool Applies(HttpContext context) =>
        context.Request.Cookies.ContainsKey(CookieName)
        && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
            || context.Request.Path.StartsWithSegments(Jobs.JobsDashboard.Path));

    public static void Add(AuthenticationBuilder builder, IConfiguration configuration)
    {
        // The cookie is encrypted with the key ring in the finance database, so every instance on it can read it.
        builder.Services.AddDatabaseKeyRing();
        builder.AddCookie(SchemeName, o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.IsEssential = true;
            o.ExpireTimeSpan = Lifetime(configuration);
            o.SlidingExpiration = true;
            o.LoginPath = Path;
            o.LogoutPath = SignOutPath;
            o.ReturnUrlParameter = "returnUrl";
            o.Events = new CookieAuthenticationEvents
            {
                // A key revoked since the sign-in ends the session.
                OnValidatePrincipal = context =>
                {
                    var services = context.HttpContext.RequestServices;
                    var hash = context.Principal?.FindFirst(KeyClaim)?.Value;
                    if (hash is null || ApiKeyHandler.FindByHash(hash, services.GetRequiredService<IOptionsMonitor<ApiKeyOptions>>().CurrentValue,
                            services.GetRequiredService<DatabaseApiKeys>()) is null)
                    {
                        context.RejectPrincipal();
                    }
                    return Task.CompletedTask;
                },
                // The API answers problems; only a browser page is sent to the sign-in form.
                OnRedirectToLogin = context => context.Request.Path.StartsWithSegments("/api")
                    ? AuthProblems.Unauthorized(context.HttpContext, context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>(),
                        $"Sign in again at {Path}, or send an API key in the {ApiKeyHandler.Header} header.")
                    : Redirect(context),
                OnRedirectToAccessDenied = context =>
                    AuthProblems.Forbidden(context.HttpContext, context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>()),
            };
        });
    }

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    public static void MapSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (HttpContext context, string? returnUrl) => Page(context, LocalOrNull(returnUrl), null, HttpStatusCode.OK))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapPost(Path, SignInWithKey).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        app.MapPost(SignOutPath, async (HttpContext context) =>
        {
            await context.SignOutAsync(SchemeName);
            return Results.Redirect(Path, permanent: false, preserveMethod: false);
        }).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
    }

    private static async Task<IResult> SignInWithKey(HttpContext context, IOptionsMonitor<ApiKeyOptions> keys, DatabaseApiKeys databaseKeys, IConfiguration configuration)
    {
        if (!context.Request.HasFormContentType)
        {
            return Page(context, null, "Send skjemaet med feltet «key».", HttpStatusCode.BadRequest);
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var returnUrl = LocalOrNull(form["returnUrl"].ToString());
        var key = form["key"].ToString().Trim();
        if (key.Length == 0 || ApiKeyHandler.Find(key, keys.CurrentValue, databaseKeys) is not { } known)
        {
            return Page(context, returnUrl, "Ukjent eller tilbakekalt nøkkel.", HttpStatusCode.Unauthorized);
        }
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, known.Name), new Claim(ClaimTypes.Role, known.Role), new Claim(KeyClaim, known.Sha256)],
            SchemeName);
        await context.SignInAsync(SchemeName, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false });
        // 303: the browser follows with a GET, so a reload does not post the key again.
        context.Response.Headers.Location = returnUrl ?? Path;
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    /// <summary>Only a path on this site (no scheme, no host, no <c>//</c>): the sign-in never sends a browser elsewhere.</summary>
    private static string? LocalOrNull(string? url) =>
        url is { Length: > 0 } u && u[0] == '/' && (u.Length == 1 || (u[1] != '/' && u[1] != '\\')) ? u : null;

    private static IResult Page(HttpContext context, string? returnUrl, string? error, HttpStatusCode status)
    {
        // The user as the cookie gives it: GET /signin is a read, so the selector authenticated it already.
        var user = context.User.Identity is { IsAuthenticated: true, AuthenticationType: SchemeName } ? context.User : null;
        var e = HtmlEncoder;
        var lastYear = context.RequestServices.GetRequiredService<NodaTime.IClock>().Today().Year - 1;
        var signedIn = user is null ? "" : $"""
            <p class="who">Du er logget inn som <strong>{e.Encode(user.Identity!.Name ?? "")}</strong> (rolle {e.Encode(user.FindFirst(ClaimTypes.Role)?.Value ?? "")}).</p>
            <form method="post" action="{SignOutPath}"><button type="submit">Logg ut</button></form>
            """;
        var html = $$"""
            <!doctype html>
            <html lang="nb">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Logg inn – Finansforvaltning</title>
            <style>
              body { font-family: system-ui, sans-serif; max-width: 34rem; margin: 3rem auto; padding: 0 1rem; color: #1d2733; }
              h1 { font-size: 1.4rem; }
              label { display: block; margin: 1rem 0 .3rem; }
              input[type=password] { width: 100%; padding: .5rem; font-size: 1rem; box-sizing: border-box; }
              button { margin-top: 1rem; padding: .5rem 1.2rem; font-size: 1rem; }
              .error { color: #a40000; }
              ul { padding-left: 1.2rem; }
            </style>
            </head>
            <body>
            <h1>Finansforvaltning – logg inn</h1>
            {{signedIn}}
            {{(error is null ? "" : $"<p class=\"error\" role=\"alert\">{e.Encode(error)}</p>")}}
            <form method="post" action="{{Path}}">
              <label for="key">API-nøkkel</label>
              <input id="key" name="key" type="password" autocomplete="current-password" required autofocus>
              {{(returnUrl is null ? "" : $"<input type=\"hidden\" name=\"returnUrl\" value=\"{e.Encode(returnUrl)}\">")}}
              <button type="submit">Logg inn</button>
            </form>
            <p>Innloggingen gjelder lesing i nettleseren: rapportene og jobboversikten.
              Endringer gjøres med nøkkelen i toppfeltet <code>X-Api-Key</code> (eller et bearer-token), aldri med innloggingen.</p>
            <ul>
              <li><a href="/api/reports/annual/{{lastYear}}?format=html">Årsrapporten for {{lastYear}}</a></li>
              <li><a href="{{Jobs.JobsDashboard.Path}}">Jobboversikten</a> (kasserer og revisor)</li>
              <li><a href="/swagger">API-dokumentasjonen</a></li>
            </ul>
            </body>
            </html>
            """;
        // Its own style by hash, its forms posting here, no script (Infrastructure/SecurityHeaders.cs).
        return SecurityHeaders.Html(html, (int)status);
    }

    private static readonly System.Text.Encodings.Web.HtmlEncoder HtmlEncoder = System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
}
