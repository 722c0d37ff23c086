using System.ComponentModel;
using Finance.Api.Infrastructure;
using Finance.Data;
using Finance.Data.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Finance.Api.Audit;

[Description("One change: who, when, which row, and the row before and after (JSON), chained by SHA-256 to the previous entry.")]
public sealed record AuditEntryDto(long Seq, string At, string Actor, string Action, string Table, long RowId, System.Text.Json.JsonElement? Before, System.Text.Json.JsonElement? After, string PrevHash, string Hash);

public sealed record AuditFindingDto(
    [property: Description("`gap`, `chainBroken`, `entryAltered`, `unloggedRow`, `rowAltered` or `rowDeleted`.")] string Kind,
    string? Table, long? RowId, long? Seq, string Detail);

public sealed record AuditVerificationDto(
    [property: Description("True when the log's hash chain is intact and every register row matches the log.")] bool Valid,
    long Entries, string? LastHash, IReadOnlyList<AuditFindingDto> Findings);

/// <summary>The audit trail (endringslogg): every write, who made it, before and after; and its verification.</summary>
public static class AuditApi
{
    public static void MapAuditApi(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(Policies.Audit);
        audit.MapGet("", List)
            .WithSummary("The change log (endringslogg)")
            .WithDescription("Every insert, update and delete of the registers in order: when (UTC), who (the API key's name, or `system` for the scheduler and the reference data), which table and row, and the row before and after as JSON. Filter by `table`, `actor` and the period (`from`, `to`, dates); page with `afterSeq` and `limit` (at most 1 000).");
        audit.MapGet("/verify", Verify)
            .WithSummary("Verify the change log and the registers")
            .WithDescription("Recomputes the SHA-256 chain over the whole log and compares every register row — stored stress tests, snapshots and green-zone runs included — with the last state the log recorded. Any entry edited, inserted or removed, and any row changed outside the service, is a finding.");
    }

    private static Results<Ok<List<AuditEntryDto>>, ValidationProblem> List(Db db, string? table, string? actor, DateOnly? from, DateOnly? to, long? afterSeq, int? limit)
    {
        var v = new Validation()
            .When(limit is < 1 or > 1000, "limit", "From 1 to 1 000.")
            .When(from is { } f && to is { } t && f > t, "from", "`from` must be on or before `to`.")
            .When(afterSeq is < 0, "afterSeq", "Not negative.")
            .When(from is { Year: < 1900 or > 2200 }, "from", "A date from 1900 to 2200.")
            .When(to is { Year: < 1900 or > 2200 }, "to", "A date from 1900 to 2200.");
        if (!v.Ok)
        {
            return v.Problem();
        }
        using var c = db.OpenRead();
        var entries = AuditTrail.Entries(c, table, actor, from?.ToString("yyyy-MM-dd"), to?.AddDays(1).ToString("yyyy-MM-dd"), afterSeq ?? 0, limit ?? 200);
        return TypedResults.Ok(entries.Select(e => new AuditEntryDto(e.Seq, e.At, e.Actor, e.Action, e.TableName, e.RowId, Parse(e.Before), Parse(e.After), e.PrevHash, e.Hash)).ToList());
    }

    private static Ok<AuditVerificationDto> Verify(Db db)
    {
        using var c = db.Open();
        var r = AuditTrail.Verify(c);
        return TypedResults.Ok(new AuditVerificationDto(r.Valid, r.Entries, r.LastHash, r.Findings.Select(f => new AuditFindingDto(f.Kind, f.TableName, f.RowId, f.Seq, f.Detail)).ToList()));
    }

    private static System.Text.Json.JsonElement? Parse(string? json) => json is null ? null : System.Text.Json.JsonDocument.Parse(json).RootElement.Clone();
}
