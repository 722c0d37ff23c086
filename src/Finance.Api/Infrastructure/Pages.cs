using System.Collections;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;

namespace Finance.Api.Infrastructure;

/// <summary>
/// Pages for every list endpoint (a GET whose JSON is an array): <c>limit</c> items (default 1 000, at most 10 000) from
/// <c>cursor</c>; when more follow, a <c>Link: &lt;…&gt;; rel="next"</c> header (RFC 8288) gives the URL of the next page — the
/// same query with the next cursor. The body stays an array. The cursor is opaque: take it from the link. Endpoints that
/// page in SQL themselves (the loan register: <see cref="Own"/>) read the same parameters; the others are paged by
/// <see cref="WithPages"/> over the handler's list. CSV and XLSX exports that an endpoint writes itself are not paged.
/// </summary>
public static class Pages
{
    public const int DefaultLimit = 1_000;
    public const int MaxLimit = 10_000;

    /// <summary>Metadata: the endpoint pages itself (in SQL) with <c>limit</c> and <c>cursor</c>.</summary>
    public sealed class Own;

    /// <summary>The page asked for, or nulls when <c>limit</c> or <c>cursor</c> is not valid (answer <see cref="Problem"/>).</summary>
    public static (int? Take, long? After) Read(int? limit, string? cursor)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return (null, null);
        }
        long after = 0;
        if (cursor is not null && (!long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out after) || after < 0))
        {
            return (null, null);
        }
        return (limit ?? DefaultLimit, after);
    }

    public static ValidationProblem Problem(int? limit) => limit is < 1 or > MaxLimit
        ? Validation.Problem("limit", $"From 1 to {MaxLimit:N0} items per page.".Replace(",", " ", StringComparison.Ordinal))
        : Validation.Problem("cursor", "Not a cursor of this list: take it from the Link header of the previous page.");

    /// <summary>Adds the <c>rel="next"</c> link: this request's path and query with <paramref name="next"/> as cursor.</summary>
    public static void Next(HttpRequest request, HttpResponse response, int limit, string next)
    {
        var query = request.Query.Where(q => q.Key is not ("cursor" or "limit"))
            .SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v)))
            .Append(KeyValuePair.Create("limit", (string?)limit.ToString(CultureInfo.InvariantCulture)))
            .Append(KeyValuePair.Create("cursor", (string?)next));
        var url = request.PathBase + request.Path + Microsoft.AspNetCore.Http.QueryString.Create(query);
        response.Headers.Append("Link", $"<{url}>; rel=\"next\"");
    }

    /// <summary>True for a GET whose 200 answer is a list and that does not page itself.</summary>
    public static bool Applies(IEnumerable<object> metadata)
    {
        var all = metadata as IReadOnlyList<object> ?? metadata.ToList();
        return all.OfType<IHttpMethodMetadata>().Any(m => m.HttpMethods.Contains(HttpMethods.Get))
            && all.OfType<IProducesResponseTypeMetadata>().Any(p => p.StatusCode == StatusCodes.Status200OK && CsvLists.IsList(p.Type));
    }

    /// <summary>Pages every list endpoint mapped under <paramref name="builder"/> that does not page itself.</summary>
    public static TBuilder WithPages<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint => endpoint.FilterFactories.Add((_, next) =>
            Applies(endpoint.Metadata) && !endpoint.Metadata.OfType<Own>().Any() ? context => Filter(context, next) : next));
        return builder;
    }

    private static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var query = http.Request.Query;
        int? limit = null;
        if (query.TryGetValue("limit", out var l))
        {
            limit = int.TryParse(l.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
        }
        var (take, after) = Read(limit, query.TryGetValue("cursor", out var c) ? c.ToString() : null);
        if (take is not { } size || after is not { } offset)
        {
            return Problem(limit);
        }
        var result = await next(context);
        var inner = result;
        while (inner is INestedHttpResult nested)
        {
            inner = nested.Result;
        }
        if (inner is not IValueHttpResult { Value: IEnumerable items and not string } || (inner as IStatusCodeHttpResult)?.StatusCode is not (null or 200))
        {
            return result;
        }
        var all = items.Cast<object?>();
        var page = all.Skip((int)Math.Min(offset, int.MaxValue)).Take(size + 1).ToList();
        if (offset == 0 && page.Count <= size)
        {
            return result;
        }
        if (page.Count > size)
        {
            page.RemoveAt(size);
            Next(http.Request, http.Response, size, (offset + size).ToString(CultureInfo.InvariantCulture));
        }
        return TypedResults.Ok(page);
    }
}
