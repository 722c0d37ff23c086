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
        var (field, message) = bad.StatusCode == StatusCodes.Status413PayloadTooLarge
            ? ("body", RequestLimits.TooLarge(context))
            : Describe(bad);
        context.Response.StatusCode = bad.StatusCode;
        var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = bad.StatusCode,
            Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? RequestLimits.TooLargeTitle : "The request could not be read.",
        };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static (string Field, string Message) Describe(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
        {
            var path = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "body" : json.Path.TrimStart('$', '.');
            var message = json.Message.Split(" Path:", 2)[0];
            return (path, message);
        }
        var parameter = ParameterName().Match(bad.Message);
        return parameter.Success ? (parameter.Groups[1].Value, bad.Message) : ("request", bad.Message);
    }

    [GeneratedRegex("""parameter "(?:[^"\s]+\s)?([^"\s]+)" """, RegexOptions.CultureInvariant)]
    private static partial Regex ParameterName();
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
