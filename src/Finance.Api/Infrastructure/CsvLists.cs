using System.Collections;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;

namespace Finance.Api.Infrastructure;

/// <summary>
/// CSV for every list endpoint, once: a GET whose 200 response is a JSON array answers <c>Accept: text/csv</c> (or
/// <c>?format=csv</c>) with the same rows as RFC 4180 CSV, <c>text/csv; charset=utf-8</c>: a header row of the JSON field
/// names, each item serialized with the API's JSON options and flattened by <see cref="Table.FromJson"/> (nested objects as
/// <c>a.b</c> columns, arrays as JSON text in one cell), so numbers are invariant at full precision and dates ISO. Endpoints
/// that declare <c>text/csv</c> themselves (the loan register, daily balances, valuations: their columns are the import's)
/// keep their own. A list written as raw JSON text (stored stress tests) is read back and converted the same way.
/// </summary>
public static class CsvLists
{
    /// <summary>Adds the CSV filter to every list endpoint mapped under <paramref name="builder"/>.</summary>
    public static TBuilder WithCsvLists<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint => endpoint.FilterFactories.Add((_, next) =>
            Applies(endpoint.Metadata) ? context => Filter(context, next) : next));
        return builder;
    }

    /// <summary>
    /// True for a GET whose declared 200 response is a list (not a string or bytes) and that does not produce CSV itself.
    /// The OpenAPI document uses the same test to list <c>text/csv</c> for the operation.
    /// </summary>
    public static bool Applies(IEnumerable<object> metadata)
    {
        var all = metadata as IReadOnlyList<object> ?? metadata.ToList();
        if (!all.OfType<IHttpMethodMetadata>().Any(m => m.HttpMethods.Contains(HttpMethods.Get)))
        {
            return false;
        }
        var ok = all.OfType<IProducesResponseTypeMetadata>().Where(p => p.StatusCode == StatusCodes.Status200OK).ToList();
        return ok.Any(p => IsList(p.Type)) && !ok.Any(p => p.ContentTypes.Contains(CsvImport.ContentType, StringComparer.OrdinalIgnoreCase));
    }

    internal static bool IsList(Type? type) =>
        type is not null && type != typeof(string) && type != typeof(byte[]) && typeof(IEnumerable).IsAssignableFrom(type) && !typeof(IDictionary).IsAssignableFrom(type);

    private static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        http.Response.Headers.Vary = "Accept";
        var result = await next(context);
        return CsvImport.WantsCsv(http.Request, http.Request.Query["format"]) && ToCsv(result) is { } csv ? csv : result;
    }

    /// <summary>The handler's successful list as CSV; null for anything else (a problem, a 404), which goes out unchanged.</summary>
    internal static IResult? ToCsv(object? result)
    {
        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }
        switch (result)
        {
            case IValueHttpResult { Value: IEnumerable items and not string } when (result as IStatusCodeHttpResult)?.StatusCode is null or 200:
                return Table.FromItems(items).ToCsvResult();
            case ContentHttpResult { ResponseContent: { } text, StatusCode: null or 200, ContentType: { } type } when type.Contains("json", StringComparison.OrdinalIgnoreCase):
                using (var document = JsonDocument.Parse(text))
                {
                    return document.RootElement.ValueKind == JsonValueKind.Array ? Table.FromJson(document.RootElement).ToCsvResult() : null;
                }
            case IEnumerable items and not string and not IResult:
                return Table.FromItems(items).ToCsvResult();
            default:
                return null;
        }
    }
}
