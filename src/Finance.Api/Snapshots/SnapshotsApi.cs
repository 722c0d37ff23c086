using System.Text.Json;
using Finance.Api.Infrastructure;
using Finance.Data;
using Finance.Data.Snapshots;
using Finance.Reports.Snapshots;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;

namespace Finance.Api.Snapshots;

/// <summary>A stored snapshot version, as the list shows it (without the document).</summary>
public sealed record SnapshotVersionDto(YearMonth Month, long Version, LocalDate AsOf, Instant CreatedAt, string CreatedBy, string Label, string Hash,
    [property: System.ComponentModel.Description("The audit trail's head when the snapshot was frozen, `seq:hash`: keep it, and check the trail later with `GET /api/audit/verify?expectHead=`.")] string? AuditHead = null);

/// <summary>
/// A month's snapshot — the same shape from GET and POST: the version's fields, <c>document</c> (the frozen JSON exactly
/// as hashed), every version of the month, and whether this request stored it.
/// </summary>
public sealed record SnapshotDto(YearMonth Month, long Version, LocalDate AsOf, Instant CreatedAt, string CreatedBy, string Label, string Hash,
    JsonElement Document, IReadOnlyList<SnapshotVersionDto> Versions,
    [property: System.ComponentModel.Description("True when this request stored the version (POST, 201); false when it was already stored.")] bool Created,
    [property: System.ComponentModel.Description("The audit trail's head when the snapshot was frozen, `seq:hash`: keep it, and check the trail later with `GET /api/audit/verify?expectHead=`.")] string? AuditHead = null);

/// <summary>Monthly snapshots (månedlige øyeblikksbilder): the frozen figures the reports are built from.</summary>
public static class SnapshotsApi
{
    public static void MapSnapshotsApi(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/snapshots").WithTags("Snapshots").RequireAuthorization(Policies.Read);
        var write = app.MapGroup("/api/snapshots").WithTags("Snapshots").RequireAuthorization(Policies.Write);

        read.MapGet("", List)
            .WithSummary("List monthly snapshots (øyeblikksbilder)")
            .WithDescription("Every stored version of every month, newest first, with its content hash (SHA-256 of the frozen document). Filter with `year`.");
        read.MapGet("/{month}", Get)
            .WithSummary("A month's snapshot")
            .WithDescription("The frozen figures at the month end — holdings and allocation vs strategy, returns vs benchmark, risk figures and durations, real value and buffer capital, the history since 2000, the stress test — as stored (latest version unless `version` is given), with the list of versions. A correction after the data changed is a new, labelled version; earlier versions never change.");
        write.MapPost("/{month}", Run)
            .WithSummary("Take a month's snapshot now")
            .WithDescription("Freezes the month (which must have ended, Europe/Oslo). Idempotent: when the figures are unchanged the stored snapshot is returned with the same hash (200); when the data behind them was corrected a new version is stored (201). The answer has the shape of `GET /api/snapshots/{month}` (the version, its document and the month's versions) and says whether this request stored it (`created`).");
    }

    private static Results<Ok<List<SnapshotVersionDto>>, ValidationProblem> List(Db db, int? year)
    {
        if (year is < 1900 or > 2200)
        {
            return Validation.Problem("year", "A year from 1900 to 2200.");
        }
        using var c = db.OpenRead();
        return TypedResults.Ok(SnapshotStore.List(c, year).Select(Version).ToList());
    }

    private static Results<Ok<SnapshotDto>, ValidationProblem, NotFound<ProblemDetails>> Get(Db db, string month, long? version)
    {
        if (Parse(month) is not { } m)
        {
            return Validation.Problem("month", "A month as yyyy-MM, e.g. 2025-12.");
        }
        using var c = db.OpenRead();
        var versions = SnapshotStore.Versions(c, m);
        var row = version is { } v ? versions.FirstOrDefault(x => x.Version == v) : versions.LastOrDefault();
        if (row is null)
        {
            return ProblemResults.NotFound(version is null
                ? $"No snapshot of {month}. POST /api/snapshots/{month} takes one."
                : $"Snapshot {month} has no version {version}.");
        }
        return TypedResults.Ok(ToDto(row, versions, created: false));
    }

    private static Results<Created<SnapshotDto>, Ok<SnapshotDto>, ValidationProblem, UnprocessableEntity<ProblemDetails>> Run(MonthlySnapshot snapshots, Db db, HttpContext http, string month)
    {
        if (Parse(month) is not { } m)
        {
            return Validation.Problem("month", "A month as yyyy-MM, e.g. 2025-12.");
        }
        // A snapshot also states the year before (its opening balances): dates the documents can hold start in 1900.
        if (m.Year < 1901)
        {
            return Validation.Problem("month", "A month from 1901-01 (a snapshot also states the year before).");
        }
        SnapshotRun run;
        try
        {
            run = snapshots.Run(m, http.User.CallerName());
        }
        catch (ArgumentOutOfRangeException e)
        {
            return TypedResults.UnprocessableEntity(new ProblemDetails { Status = 422, Title = "The month has not ended.", Detail = e.Message.Split(" (Parameter", 2)[0] });
        }
        IReadOnlyList<SnapshotRow> versions;
        using (var c = db.Open())
        {
            versions = SnapshotStore.Versions(c, m);
        }
        var dto = ToDto(run.Snapshot, versions, run.Created);
        return run.Created
            ? TypedResults.Created($"/api/snapshots/{month}?version={run.Snapshot.Version}", dto)
            : TypedResults.Ok(dto);
    }

    internal static YearMonth? Parse(string month) =>
        YearMonthPattern.Iso.Parse(month) is { Success: true } r && month.Length == 7 ? r.Value : null;

    private static SnapshotVersionDto Version(SnapshotRow r) => new(r.Month, r.Version, r.AsOf, r.CreatedAt, r.CreatedBy, r.Label, r.ContentHash, r.AuditHead);

    private static SnapshotDto ToDto(SnapshotRow r, IReadOnlyList<SnapshotRow> versions, bool created) =>
        new(r.Month, r.Version, r.AsOf, r.CreatedAt, r.CreatedBy, r.Label, r.ContentHash,
            JsonDocument.Parse(r.Document).RootElement.Clone(), versions.Select(Version).ToList(), created, r.AuditHead);

}
