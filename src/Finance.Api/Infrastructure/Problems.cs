using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Finance.Api.Infrastructure;

/// <summary>
/// Collects field errors for one request and turns them into an RFC 9457 validation problem (400). Handlers validate
/// everything first and write nothing unless <see cref="Ok"/>.
/// </summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Ok => _errors.Count == 0;

    public Validation Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }
        list.Add(message);
        return this;
    }

    /// <summary>Adds <paramref name="message"/> for <paramref name="field"/> when <paramref name="failed"/> is true.</summary>
    public Validation When(bool failed, string field, string message) => failed ? Add(field, message) : this;

    public ValidationProblem Problem(string title = "The request has invalid fields.") =>
        TypedResults.ValidationProblem(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()), title: title);

    /// <summary>A one-field validation problem.</summary>
    public static ValidationProblem Problem(string field, string message) => new Validation().Add(field, message).Problem();
}

/// <summary>
/// Turns a request the framework could not read (malformed JSON, a wrong type, an unknown enum value, a parameter
/// that does not parse) into a 400 problem that names the field, instead of a bare 400 or a 500.
/// </summary>
public sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }
        var (field, message) = bad.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => ("body", RequestLimits.TooLarge(context)),
            StatusCodes.Status415UnsupportedMediaType => ("Content-Type",
                $"This operation takes application/json (UTF-8); got '{(context.Request.ContentType is { Length: > 0 } t ? t : "no Content-Type")}'."),
            _ => Describe(bad),
        };
        context.Response.StatusCode = bad.StatusCode;
        var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = bad.StatusCode,
            Title = bad.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => RequestLimits.TooLargeTitle,
                StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
                _ => "The request could not be read.",
            },
        };
        await ProblemWriter.Write(context, problems, problem, exception);
        return true;
    }

    private static (string Field, string Message) Describe(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
        {
            var path = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "body" : json.Path.TrimStart('$', '.');
            var message = json.Message.Split(" Path:", 2)[0];
            if (UnmappedMember().Match(message) is { Success: true } unmapped)
            {
                var name = unmapped.Groups[1].Value;
                return (path == "body" ? name : path, $"Unknown member '{name}': this request has no such field.");
            }
            if (MissingRequired().Match(message) is { Success: true } missing)
            {
                return (path, $"Missing required members: {missing.Groups[1].Value}.");
            }
            if (NullNotAllowed().Match(message) is { Success: true } nulls)
            {
                return (path == "body" ? nulls.Groups[1].Value : path, "Must not be null.");
            }
            if (ConvertedTo().Match(message) is { Success: true } converted)
            {
                return (path, $"Expected {Kind(converted.Groups[1].Value)}.");
            }
            return (path, WithoutTypeNames(message));
        }
        var parameter = ParameterName().Match(bad.Message);
        if (parameter.Success)
        {
            var (type, name, value) = (parameter.Groups[1].Value, parameter.Groups[2].Value, parameter.Groups[3].Value);
            return (name, type.StartsWith("DateOnly", StringComparison.Ordinal) ? Dates.Expected(value) : $"Expected {Kind(type)}; got '{value}'.");
        }
        var required = RequiredParameter().Match(bad.Message);
        return required.Success ? (required.Groups[1].Value, "Required.") : ("request", WithoutTypeNames(bad.Message));
    }

    /// <summary>What a value of a .NET type looks like, in words of the HTTP contract.</summary>
    private static string Kind(string type) => type.TrimEnd('?').Split('.')[^1].Split('`')[0] switch
    {
        "Decimal" or "decimal" or "Double" or "double" => "a number",
        "Int32" or "int" or "Int64" or "long" or "Int16" => "a whole number",
        "Boolean" or "bool" => "true or false",
        "String" or "string" => "a string",
        "LocalDate" or "DateOnly" => $"a date as {Dates.Format}",
        "YearMonth" => "a month as yyyy-MM",
        "Instant" => "an instant as yyyy-MM-ddTHH:mm:ssZ",
        var t when t.StartsWith("List", StringComparison.Ordinal) || t.StartsWith("IReadOnlyList", StringComparison.Ordinal) => "an array",
        _ => "an object of the documented shape",
    };

    /// <summary>A message with every .NET type name replaced: no internal name reaches a caller.</summary>
    private static string WithoutTypeNames(string message) => TypeName().Replace(message, "the documented type");

    [GeneratedRegex("""parameter "([^"\s]+)\s([^"\s]+)" from "([^"]*)"\.""", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterName();

    [GeneratedRegex("""Required parameter "[^"\s]+\s([^"\s]+)" """, RegexOptions.CultureInvariant)]
    private static partial Regex RequiredParameter();

    [GeneratedRegex("""property '([^']+)' could not be mapped""", RegexOptions.CultureInvariant)]
    private static partial Regex UnmappedMember();

    [GeneratedRegex("""missing required properties,? including:? (.+?)\.?$""", RegexOptions.CultureInvariant)]
    private static partial Regex MissingRequired();

    [GeneratedRegex("""(?:property|field|parameter) '([^']+)' .*(?:null|nullable)""", RegexOptions.CultureInvariant)]
    private static partial Regex NullNotAllowed();

    [GeneratedRegex("""could not be converted to ([\w.`\[\],\s]+?)\.?$""", RegexOptions.CultureInvariant)]
    private static partial Regex ConvertedTo();

    [GeneratedRegex("""\b(?:System|Finance|NodaTime|Microsoft)(?:\.[A-Za-z_][\w`]*)+(?:\[[^\]]*\])?""", RegexOptions.CultureInvariant)]
    private static partial Regex TypeName();
}

/// <summary>The problems the framework writes itself (status code pages) say what to do, like the service's own.</summary>
public static class ProblemDefaults
{
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Status == StatusCodes.Status415UnsupportedMediaType && problem.Detail is null)
        {
            var got = context.HttpContext.Request.ContentType is { Length: > 0 } t ? t : "no Content-Type";
            problem.Title = "Send the body as application/json.";
            problem.Detail = $"This operation takes application/json (UTF-8); got '{got}'.";
        }
    }
}

/// <summary>
/// Every JSON error body the service writes is a problem (RFC 9457), so it goes out as <c>application/problem+json</c>:
/// <c>TypedResults.NotFound(problem)</c>, <c>Conflict(problem)</c> and <c>UnprocessableEntity(problem)</c> would
/// otherwise say <c>application/json</c>, unlike the validation problems and the document's promise.
/// </summary>
public static class ProblemContentType
{
    public static IApplicationBuilder UseProblemContentType(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var response = context.Response;
        response.OnStarting(() =>
        {
            if (response.StatusCode >= 400 && response.ContentType is { } type && type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            {
                response.ContentType = "application/problem+json" + type["application/json".Length..];
            }
            return Task.CompletedTask;
        });
        return next(context);
    });
}

/// <summary>
/// A write that waited its bounded time for another writer (<see cref="Finance.Data.Db.WriteWait"/>: the write gate, or
/// SQLite's busy timeout against another process) answers 503 with <c>Retry-After</c> and a problem — never 500. The
/// transaction was rolled back, so nothing of the request is stored and it can be sent again as it is.
/// </summary>
public sealed class DatabaseBusyHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public static bool IsBusy(Exception e) => Finance.Data.StoreTransactions.IsBusy(e);

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsBusy(exception))
        {
            return false;
        }
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await ProblemWriter.Write(context, problems, new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "The database is busy with another write.",
            Detail = $"The write waited its limit for another write to finish and was not stored. Send it again in {RetryAfterSeconds} seconds.",
        }, exception);
        return true;
    }
}

/// <summary>
/// Writes a problem whatever the request's <c>Accept</c> says: through the problem details service when it has a writer
/// for the request (JSON, with the service's defaults), otherwise as <c>application/problem+json</c> directly — a browser's
/// <c>Accept: text/html</c> gets the same problem, never a 500 for want of a writer.
/// </summary>
public static class ProblemWriter
{
    public static async Task Write(HttpContext context, IProblemDetailsService problems, Microsoft.AspNetCore.Mvc.ProblemDetails problem, Exception? exception = null)
    {
        context.Response.StatusCode = problem.Status ?? context.Response.StatusCode;
        if (await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception }))
        {
            return;
        }
        problem.Title ??= Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(context.Response.StatusCode);
        problem.Type ??= $"https://tools.ietf.org/html/rfc9110#section-15.{(context.Response.StatusCode >= 500 ? 6 : 5)}";
        context.Response.ContentType = "application/problem+json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, problem, problem.GetType(), Json.Options, context.RequestAborted);
    }

    /// <summary>
    /// A request no endpoint answers is a 404 problem — for every <c>Accept</c> and with or without a key (an unknown path
    /// reveals nothing). Runs before authentication, after the middleware that serve paths of their own (Swagger UI).
    /// </summary>
    public static IApplicationBuilder UseNotFoundProblems(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.GetEndpoint() is null)
        {
            await Write(context, context.RequestServices.GetRequiredService<IProblemDetailsService>(), new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status404NotFound, Title = "Not found.", Detail = "No resource has this path.",
            });
            return;
        }
        await next(context);
    });

    /// <summary>The status-code page: a bare 4xx/5xx without a body gets a problem, for every <c>Accept</c>.</summary>
    public static IApplicationBuilder UseProblemStatusCodePages(this IApplicationBuilder app) => app.UseStatusCodePages(context =>
        Write(context.HttpContext, context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>(),
            new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = context.HttpContext.Response.StatusCode }));
}
