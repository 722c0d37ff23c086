using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Finance.Api.Infrastructure;

/// <summary>
/// Headers that keep a browser from reading an answer as something else: every response carries
/// <c>X-Content-Type-Options: nosniff</c>; every HTML answer a <c>Content-Security-Policy</c> — no script at all for the
/// service's own HTML (the reports: their <c>&lt;style&gt;</c> blocks allowed by hash, <see cref="ForHtml"/>), and for Swagger
/// UI only its own scripts and styles from this origin.
/// </summary>
public static partial class SecurityHeaders
{
    /// <summary>HTML the service writes without a policy of its own: nothing may load, run or frame it.</summary>
    public const string Strict = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>The jobs dashboard (Hangfire's pages): its scripts and styles from this origin, its forms posting here.</summary>
    public const string Dashboard = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Swagger UI: its bundle and styles from this origin (it sets inline styles), data: images, calls to this origin.</summary>
    public const string SwaggerUi = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var response = context.Response;
        response.OnStarting(() =>
        {
            response.Headers.XContentTypeOptions = "nosniff";
            if (response.ContentType is { } type && type.StartsWith("text/html", StringComparison.OrdinalIgnoreCase)
                && string.IsNullOrEmpty(response.Headers.ContentSecurityPolicy))
            {
                response.Headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/swagger") ? SwaggerUi
                    : context.Request.Path.StartsWithSegments(Jobs.JobsDashboard.Path) ? Dashboard
                    : Strict;
            }
            return Task.CompletedTask;
        });
        return next(context);
    });

    /// <summary>
    /// The policy of an HTML document the service renders: <see cref="Strict"/>, plus its own <c>&lt;style&gt;</c> blocks and
    /// <c>style</c> attributes by SHA-256, <c>data:</c> images (inline SVG needs nothing) and, when it has a form, forms
    /// posting to this site (the sign-in page). No script can run.
    /// </summary>
    public static string ForHtml(string html)
    {
        var blocks = StyleBlock().Matches(html).Select(m => m.Groups[1].Value).Distinct().Select(Hash).ToList();
        var attributes = StyleAttribute().Matches(html).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[2].Value)).Distinct().Select(Hash).ToList();
        var styles = blocks.Concat(attributes).ToList();
        var styleSrc = styles.Count == 0 ? "" : "; style-src " + (attributes.Count > 0 ? "'unsafe-hashes' " : "") + string.Join(' ', styles);
        var formAction = html.Contains("<form", StringComparison.OrdinalIgnoreCase) ? "'self'" : "'none'";
        return $"default-src 'none'{styleSrc}; img-src data:; base-uri 'none'; form-action {formAction}; frame-ancestors 'none'";
    }

    /// <summary>An HTML answer with its own <see cref="ForHtml"/> policy.</summary>
    public static IResult Html(string html, int statusCode = StatusCodes.Status200OK) => new HtmlResult(html, statusCode);

    private sealed class HtmlResult(string html, int statusCode) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.Headers.ContentSecurityPolicy = ForHtml(html);
            return TypedResults.Content(html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, statusCode).ExecuteAsync(context);
        }
    }

    private static string Hash(string text) => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)))}'";

    [GeneratedRegex("<style[^>]*>(.*?)</style>", RegexOptions.Singleline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StyleBlock();

    [GeneratedRegex("""\sstyle\s*=\s*(["'])(.*?)\1""", RegexOptions.Singleline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StyleAttribute();
}
