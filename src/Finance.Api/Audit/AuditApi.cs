using System.ComponentModel;
using Finance.Api.Infrastructure;
using Finance.Data;
using Finance.Data.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Finance.Api.Audit;

[Description("One change: who, when, which row, and the row before and after (JSON), chained to the previous entry and authenticated by HMAC-SHA-256 under the audit key.")]
public sealed record AuditEntryDto(long Seq, string At, string Actor, string Action, string Table, long RowId, System.Text.Json.JsonElement? Before, System.Text.Json.JsonElement? After, string PrevHash, string Hash);

public sealed record AuditFindingDto(
    [property: Description("`gap`, `chainBroken`, `entryAltered` (not the audit key's HMAC of its content), `unsealed`, `tailCut`, `headMismatch`, `unloggedRow`, `rowAltered` or `rowDeleted`.")] string Kind,
    string? Table, long? RowId, long? Seq, string Detail);

public sealed record AuditVerificationDto(
    [property: Description("True when the log's hash chain is intact and every register row matches the log.")] bool Valid,
    long Entries,
    [property: Description("The chain head's sequence number: keep `lastSeq:lastHash` elsewhere and pass it later as `expectHead`.")] long LastSeq,
    string? LastHash, IReadOnlyList<AuditFindingDto> Findings);

/// <summary>The audit trail (endringslogg): every write, who made it, before and after; and its verification.</summary>
public static class AuditApi
{
    public static void MapAuditApi(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(Policies.Audit);
        audit.MapGet("", List)
            .WithSummary("The change log (endringslogg)")
            .WithDescription("Every insert, update and delete of the registers in order: when (UTC), who (the API key's name, or `system` for the scheduler and the reference data), which table and row, and the row before and after as JSON (an API key's hash shows as `[redacted]`). Filter by `table`, `actor` and the period (`from`, `to`, dates); page with `afterSeq` and `limit` (default 1 000, at most 10 000): a full page has a `Link: <…>; rel=\"next\"` header to the next.")
            .WithMetadata(new Pages.Own());
        audit.MapGet("/verify", Verify)
            .WithSummary("Verify the change log and the registers")
            .WithDescription("Recomputes the chain over the whole log — each entry's hash is the HMAC-SHA-256 of its content under the audit key, which the database does not hold (entries from before the key, chained by plain SHA-256, count only up to the keyed checkpoint that seals them) — and compares every register row — stored stress tests, snapshots and green-zone runs included — with the last state the log recorded. Any entry edited, inserted or removed by someone without the key, and any row changed outside the service, is a finding. `expectHead=seq:hash` (a head kept elsewhere: printed on a snapshot or report, or an earlier answer's `lastSeq:lastHash`) also checks that this entry is still there unchanged, which finds a log cut off at the end.");
    }

    private static Results<Ok<List<AuditEntryDto>>, ValidationProblem> List(Db db, HttpRequest request, HttpResponse response,
        string? table, string? actor, DateOnly? from, DateOnly? to, long? afterSeq, int? limit)
    {
        var v = new Validation()
            .When(limit is < 1 or > Pages.MaxLimit, "limit", "From 1 to 10 000.")
            .When(from is { } f && to is { } t && f > t, "from", "`from` must be on or before `to`.")
            .When(afterSeq is < 0, "afterSeq", "Not negative.")
            .When(from is { Year: < 1900 or > 2200 }, "from", "A date from 1900 to 2200.")
            .When(to is { Year: < 1900 or > 2200 }, "to", "A date from 1900 to 2200.");
        if (!v.Ok)
        {
            return v.Problem();
        }
        using var c = db.OpenRead();
        var take = limit ?? Pages.DefaultLimit;
        var entries = AuditTrail.Entries(c, table, actor, from?.ToString("yyyy-MM-dd"), to?.AddDays(1).ToString("yyyy-MM-dd"), afterSeq ?? 0, take);
        if (entries.Count == take)
        {
            var next = request.Query.Where(q => q.Key is not ("afterSeq" or "limit")).SelectMany(q => q.Value.Select(x => KeyValuePair.Create(q.Key, x)))
                .Append(KeyValuePair.Create("limit", (string?)take.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .Append(KeyValuePair.Create("afterSeq", (string?)entries[^1].Seq.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            response.Headers.Append("Link", $"<{request.PathBase}{request.Path}{QueryString.Create(next)}>; rel=\"next\"");
        }
        return TypedResults.Ok(entries.Select(e => new AuditEntryDto(e.Seq, e.At, e.Actor, e.Action, e.TableName, e.RowId,
            Parse(e.TableName, e.Before), Parse(e.TableName, e.After), e.PrevHash, e.Hash)).ToList());
    }

    private static Results<Ok<AuditVerificationDto>, ValidationProblem> Verify(Db db, string? expectHead)
    {
        try
        {
            AuditTrail.ParseHead(expectHead);
        }
        catch (FormatException e)
        {
            return Validation.Problem("expectHead", e.Message);
        }
        var r = db.VerifyAudit(expectHead);
        return TypedResults.Ok(new AuditVerificationDto(r.Valid, r.Entries, r.LastSeq, r.LastHash,
            r.Findings.Select(f => new AuditFindingDto(f.Kind, f.TableName, f.RowId, f.Seq, f.Detail)).ToList()));
    }

    /// <summary>A row image as JSON; an API key's hash is shown as <c>[redacted]</c> (it is a key's fingerprint, not a figure).</summary>
    private static System.Text.Json.JsonElement? Parse(string table, string? json)
    {
        if (json is null)
        {
            return null;
        }
        if (table == "api_keys" && System.Text.Json.Nodes.JsonNode.Parse(json) is System.Text.Json.Nodes.JsonObject row && row.ContainsKey("sha256"))
        {
            row["sha256"] = "[redacted]";
            return System.Text.Json.JsonSerializer.SerializeToElement(row);
        }
        return System.Text.Json.JsonDocument.Parse(json).RootElement.Clone();
    }
}
