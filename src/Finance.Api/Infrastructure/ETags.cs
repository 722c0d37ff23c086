using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Finance.Api.Infrastructure;

/// <summary>
/// Optimistic concurrency on register updates: a GET returns the record's <c>ETag</c> (a hash of its representation);
/// a PUT with <c>If-Match</c> is applied only if the record is still that version, checked inside the write transaction,
/// otherwise 412. Without <c>If-Match</c> the update is unconditional.
/// </summary>
public static class ETags
{
    public static string For<T>(T representation) =>
        "\"" + Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(representation, Json.Options)))[..32] + "\"";

    /// <summary>True when the request has no <c>If-Match</c>, or it names <paramref name="current"/> (or <c>*</c>).</summary>
    public static bool Matches(HttpRequest request, string? current)
    {
        var ifMatch = request.Headers.IfMatch;
        if (ifMatch.Count == 0)
        {
            return true;
        }
        return ifMatch.SelectMany(h => (h ?? "").Split(',')).Select(t => t.Trim())
            .Any(t => t == "*" ? current is not null : t.TrimStart('W', '/') == current);
    }

    public static ProblemHttpResult Stale() => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status412PreconditionFailed,
        Title = "The record was changed by someone else.",
        Detail = "Your If-Match does not name the record's current version: GET it again, apply your change, and send the new ETag.",
    });
}
