using Finance.Api.Infrastructure;
using Finance.Data;
using Finance.Data.Snapshots;
using Finance.Jobs.Reports;
using Finance.Jobs.Snapshots;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace Finance.Api.Reports;

public sealed record ReportDraftDto(long Id, string Kind, int Year, int? Tertial, YearMonth SnapshotMonth, long SnapshotVersion, Instant CreatedAt, string Hash);

/// <summary>The finance report (finansrapport) per tertial and year, from the frozen monthly snapshots.</summary>
public static class ReportsApi
{
    private const string Formats = "`format=html` (default; a readable Norwegian report with inline SVG charts), `json` (the same content for machines: full-precision NOK and percent), `xlsx` (one worksheet per table) or `pdf` (printed by headless chromium where installed, otherwise 501).";

    public static void MapReportsApi(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/reports").WithTags("Reports").RequireAuthorization(Policies.Read);
        read.MapGet("/annual/{year:int}", (FinanceReports reports, IClock clock, int year, string? format, long? snapshotVersion, CancellationToken ct) =>
                Render(reports, clock, ReportingPeriod.Annual(year), format, snapshotVersion, ct))
            .WithSummary("The annual finance report (årsrapport, finansrapport)")
            .WithDescription("The fund (results, holdings, allocation vs strategy, returns vs benchmark, risk figures, real value and buffer capital), stress test (tabell 4.1 and 4.2), deviations and appendices (monthly values, income, weights and returns; history since 2000), built from the frozen snapshot of December. A report for a past year never changes when data is corrected later: the correction is a new snapshot version, chosen with `snapshotVersion`. Without a snapshot the figures are computed live and labelled preliminary. " + Formats)
            .ProducesReport();
        read.MapGet("/tertial/{year:int}/{tertial:int}", Tertial)
            .WithSummary("The tertial report (tertialrapport)")
            .WithDescription("The same report year to date per 30.04 (1), 31.08 (2) or 31.12 (3), from the snapshot of April, August or December. " + Formats)
            .ProducesReport();
        read.MapGet("/drafts", (Db db, int? year) =>
            {
                using var c = db.OpenRead();
                return TypedResults.Ok(SnapshotStore.Drafts(c, year).Select(d => new ReportDraftDto(d.Id, d.Kind, (int)d.Year, (int?)d.Tertial, d.SnapshotMonth, d.SnapshotVersion, d.CreatedAt, d.ContentHash)).ToList());
            })
            .WithSummary("Report drafts produced by the scheduler")
            .WithDescription("After 30.04, 31.08 and 31.12 the scheduler freezes the period's last month and stores the report draft built from it, with its hash.");
    }

    /// <summary>The report's formats and problems for the document (the handler returns <see cref="IResult"/>).</summary>
    private static RouteHandlerBuilder ProducesReport(this RouteHandlerBuilder route) => route
        .Produces<ReportJson>(StatusCodes.Status200OK, "text/html", "application/json", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/pdf")
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
        .ProducesProblem(StatusCodes.Status501NotImplemented);

    private static async Task<IResult> Tertial(FinanceReports reports, IClock clock, int year, int tertial, string? format, long? snapshotVersion, CancellationToken ct) =>
        tertial is < 1 or > 3
            ? Validation.Problem("tertial", "A tertial is 1 (per 30.04), 2 (per 31.08) or 3 (per 31.12).")
            : await Render(reports, clock, ReportingPeriod.OfTertial(year, tertial), format, snapshotVersion, ct);

    private static async Task<IResult> Render(FinanceReports reports, IClock clock, ReportingPeriod period, string? format, long? snapshotVersion, CancellationToken ct)
    {
        var f = (format ?? "html").ToLowerInvariant();
        var v = new Validation()
            .When(period.Year is < 1900 or > 2200, "year", "A year from 1900 to 2200.")
            .When(f is not ("html" or "json" or "xlsx" or "pdf"), "format", "html, json, xlsx or pdf.")
            .When(snapshotVersion is < 1, "snapshotVersion", "A version from 1.");
        if (!v.Ok)
        {
            return v.Problem();
        }
        if (period.EndMonth > MonthlySnapshot.LastEndedMonth(clock))
        {
            return TypedResults.UnprocessableEntity(new ProblemDetails
            {
                Status = 422, Title = "The period has not ended.",
                Detail = $"{period.Title} covers the period to {period.EndDate:dd.MM.yyyy}, which has not ended (Europe/Oslo).",
            });
        }
        if (reports.Build(period, snapshotVersion) is not { } report)
        {
            return ProblemResults.NotFound($"No snapshot {period.EndMonth:yyyy-MM} version {snapshotVersion}.");
        }
        var name = period.Tertial is { } t ? $"finansrapport-{period.Year}-t{t}" : $"finansrapport-{period.Year}";
        switch (f)
        {
            case "json":
                return TypedResults.Text(DocumentJson.Serialize(ReportJson.From(report)), "application/json; charset=utf-8");
            case "xlsx":
                return TypedResults.File(XlsxReport.Render(report), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx");
            case "pdf":
                if (!PdfPrinter.Available)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status501NotImplemented, title: "PDF is not available on this server.",
                        detail: $"PDF is printed by headless Debian chromium ({PdfPrinter.ChromiumPath}), which is not installed here. Use format=html and print it, or install chromium (apt-get install chromium).");
                }
                return TypedResults.File(await PdfPrinter.Print(HtmlReport.Render(report), ct), "application/pdf", name + ".pdf");
            default:
                return SecurityHeaders.Html(HtmlReport.Render(report));
        }
    }
}
