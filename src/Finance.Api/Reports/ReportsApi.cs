using Finance.Api.Infrastructure;
using Finance.Data;
using Finance.Data.Reports;
using Finance.Data.Snapshots;
using Finance.Reports;
using Finance.Reports.Snapshots;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace Finance.Api.Reports;

/// <summary>A commentary section of a report: its key, printed title, text (empty: not written), and the version shown with who wrote it and when.</summary>
public sealed record CommentaryDto(string Section, string Title, string Text, long? Version, string? WrittenBy, Instant? WrittenAt);

/// <summary>The treasurer's text for a section; the section as GET returns it is accepted (its other members are read-only).</summary>
[ReadOnlyMembers("section", "title", "version", "writtenBy", "writtenAt")]
public sealed record CommentaryInput(string Text);

public sealed record ReportDraftDto(long Id, string Kind, int Year, int? Tertial, YearMonth SnapshotMonth, long SnapshotVersion, Instant CreatedAt, string Hash);

/// <summary>The finance report (finansrapport) per tertial and year, from the frozen monthly snapshots.</summary>
public static class ReportsApi
{
    private const string Formats = "`format=html` (default; a readable Norwegian report with inline SVG charts), `json` (the same content for machines: full-precision NOK and percent), `xlsx` (one worksheet per table) or `pdf` (printed by headless chromium where installed, otherwise 501).";

    public static void MapReportsApi(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/reports").WithTags("Reports").RequireAuthorization(Policies.Read);
        read.MapGet("/annual/{year:int}", (FinanceReports reports, Db db, IClock clock, HttpResponse response, int year, string? format, long? snapshotVersion, CancellationToken ct) =>
                Render(reports, db, clock, response, ReportingPeriod.Annual(year), format, snapshotVersion, ct))
            .WithSummary("The annual finance report (årsrapport, finansrapport)")
            .WithDescription("The fund (results, holdings, allocation vs strategy, returns vs benchmark, risk figures, real value and buffer capital), stress test (tabell 4.1 and 4.2), deviations and appendices (monthly values, income, weights and returns; history since 2000), built from the frozen snapshot of December. A report for a past year never changes when data is corrected later: the correction is a new snapshot version, chosen with `snapshotVersion`. Without a snapshot the figures are computed live and labelled preliminary. " + Formats)
            .ProducesReport();
        read.MapGet("/tertial/{year:int}/{tertial:int}", Tertial)
            .WithSummary("The tertial report (tertialrapport)")
            .WithDescription("The same report year to date per 30.04 (1), 31.08 (2) or 31.12 (3), from the snapshot of April, August or December. " + Formats)
            .ProducesReport();
        read.MapGet("/{kind}/{period}/commentary", ListCommentary)
            .WithSummary("The treasurer's commentary of a report (kommentarer)")
            .WithDescription("The report's text sections in its order — `mainPoints` (hovedpunkter), `fund`, `market` (markedsutviklingen), `liquidity`, `debt`, `stress`, `assessment` (vurdering), `outlook` (utsikter) — each with its `title`, its latest `text` (empty when not written), `version`, `writtenBy` and `writtenAt`. `kind` is `annual` (period `2025`) or `tertial` (period `2025-1`). The report shows each text in its place.")
            .Produces<List<CommentaryDto>>()
            .ProducesValidationProblem();
        read.MapGet("/{kind}/{period}/commentary/{section}/versions", CommentaryVersions)
            .WithSummary("Every version of one commentary section")
            .WithDescription("The section's texts oldest first, with who wrote each and when. A report frozen in a draft or a stored PDF keeps the text it was built with.")
            .Produces<List<CommentaryDto>>()
            .ProducesValidationProblem();
        read.MapGet("/{kind}/{period}/commentary/{section}", GetCommentary)
            .WithSummary("One commentary section")
            .WithDescription("The section's latest text (empty when not written) with its version. The `ETag` header names this version for an `If-Match` update with PUT.")
            .Produces<CommentaryDto>()
            .ProducesValidationProblem();
        app.MapGroup("/api/reports").WithTags("Reports").RequireAuthorization(Policies.Write)
            .MapPut("/{kind}/{period}/commentary/{section}", PutCommentary)
            .WithSummary("Write a commentary section (treasurer)")
            .WithDescription("Stores `text` as the section's next version (the earlier versions stay, the change log records who wrote it). The section as GET returns it is accepted (`section`, `title`, `version`, `writtenBy`, `writtenAt` are read-only); with `If-Match` the text is stored only if the section is still that version (else 412). The same text as the latest version stores nothing. Plain text; a blank line starts a new paragraph; at most 20 000 characters. The next rendering of the report (HTML, PDF, XLSX, JSON) shows it in place.")
            .Produces<CommentaryDto>()
            .ProducesValidationProblem();
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

    private static async Task<IResult> Tertial(FinanceReports reports, Db db, IClock clock, HttpResponse response, int year, int tertial, string? format, long? snapshotVersion, CancellationToken ct) =>
        tertial is < 1 or > 3
            ? Validation.Problem("tertial", "A tertial is 1 (per 30.04), 2 (per 31.08) or 3 (per 31.12).")
            : await Render(reports, db, clock, response, ReportingPeriod.OfTertial(year, tertial), format, snapshotVersion, ct);

    /// <summary>The report a commentary belongs to: <c>annual</c> with period <c>2025</c>, or <c>tertial</c> with <c>2025-1</c>.</summary>
    private static ReportingPeriod? Period(Validation v, string kind, string period)
    {
        var parts = period.Split('-');
        var yearOk = int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year) && parts[0].Length == 4 && year is >= 1900 and <= 2200;
        switch (kind)
        {
            case "annual" when parts.Length == 1 && yearOk:
                return ReportingPeriod.Annual(year);
            case "tertial" when parts.Length == 2 && yearOk && parts[1] is "1" or "2" or "3":
                return ReportingPeriod.OfTertial(year, parts[1][0] - '0');
            case "annual" or "tertial":
                v.Add("period", kind == "annual" ? "An annual report's period is its year, e.g. 2025." : "A tertial report's period is year-tertial, e.g. 2025-1.");
                return null;
            default:
                v.Add("kind", "annual or tertial.");
                return null;
        }
    }

    private static CommentaryDto Dto(Commentary.Section s, CommentaryRow? r) => new(s.Key, s.Title, r?.Text ?? "", r?.Version, r?.WrittenBy, r?.WrittenAt);

    private static Results<Ok<List<CommentaryDto>>, ValidationProblem> ListCommentary(Db db, string kind, string period)
    {
        var v = new Validation();
        if (Period(v, kind, period) is not { } p)
        {
            return v.Problem();
        }
        using var c = db.OpenRead();
        var rows = ReportStore.Commentary(c, p.Kind, p.Key);
        return TypedResults.Ok(Commentary.Sections.Select(s => Dto(s, rows.FirstOrDefault(r => r.Section == s.Key))).ToList());
    }

    private static Results<Ok<List<CommentaryDto>>, ValidationProblem> CommentaryVersions(Db db, string kind, string period, string section)
    {
        var v = new Validation();
        var p = Period(v, kind, period);
        var s = Commentary.Find(section);
        v.When(s is null, "section", "One of " + string.Join(", ", Commentary.Sections.Select(x => x.Key)) + ".");
        if (!v.Ok || p is null || s is null)
        {
            return v.Problem();
        }
        using var c = db.OpenRead();
        return TypedResults.Ok(ReportStore.CommentaryVersions(c, p.Kind, p.Key, s.Key).Select(r => Dto(s, r)).ToList());
    }

    private static Results<Ok<CommentaryDto>, ValidationProblem> GetCommentary(Db db, HttpResponse response, string kind, string period, string section)
    {
        var v = new Validation();
        var p = Period(v, kind, period);
        var s = Commentary.Find(section);
        v.When(s is null, "section", "One of " + string.Join(", ", Commentary.Sections.Select(x => x.Key)) + ".");
        if (!v.Ok || p is null || s is null)
        {
            return v.Problem();
        }
        using var c = db.OpenRead();
        var dto = Dto(s, ReportStore.Commentary(c, p.Kind, p.Key).FirstOrDefault(r => r.Section == s.Key));
        response.Headers.ETag = ETags.For(dto);
        return TypedResults.Ok(dto);
    }

    private static Results<Ok<CommentaryDto>, ValidationProblem, ProblemHttpResult> PutCommentary(Db db, IClock clock, HttpContext http, string kind, string period, string section, CommentaryInput body)
    {
        var v = new Validation();
        var p = Period(v, kind, period);
        var s = Commentary.Find(section);
        v.When(s is null, "section", "One of " + string.Join(", ", Commentary.Sections.Select(x => x.Key)) + ".")
            .When(body.Text is null, "text", "Send the section's text (an empty string clears it).")
            .When(body.Text is { Length: > 20_000 }, "text", "At most 20 000 characters.");
        if (!v.Ok || p is null || s is null)
        {
            return v.Problem();
        }
        var text = body.Text!.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        var by = http.User.Identity?.Name ?? "unknown";
        return db.InTransaction<Results<Ok<CommentaryDto>, ValidationProblem, ProblemHttpResult>>((c, tx) =>
        {
            var latest = ReportStore.Commentary(c, p.Kind, p.Key, tx).FirstOrDefault(r => r.Section == s.Key);
            if (!ETags.Matches(http.Request, ETags.For(Dto(s, latest))))
            {
                return ETags.Stale();
            }
            var row = latest is not null && latest.Text == text
                ? latest
                : ReportStore.AddCommentary(c, tx, p.Kind, p.Key, s.Key, text, clock.GetCurrentInstant(), by);
            http.Response.Headers.ETag = ETags.For(Dto(s, row));
            return TypedResults.Ok(Dto(s, row));
        });
    }

    private static async Task<IResult> Render(FinanceReports reports, Db db, IClock clock, HttpResponse response, ReportingPeriod period, string? format, long? snapshotVersion, CancellationToken ct)
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
            {
                // One print per rendered version: the HTML's hash names the PDF, so a frozen report (same snapshot, same
                // commentary) is printed once and then served from the store; any change to either prints a new one.
                var html = HtmlReport.Render(report);
                var key = DocumentJson.Sha256(html);
                using (var c = db.OpenRead())
                {
                    if (ReportStore.Pdf(c, key) is { } stored)
                    {
                        response.Headers["X-Pdf-Source"] = "store";
                        return TypedResults.File(stored, "application/pdf", name + ".pdf");
                    }
                }
                if (!PdfPrinter.Available)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status501NotImplemented, title: "PDF is not available on this server.",
                        detail: $"PDF is printed by headless Debian chromium ({PdfPrinter.ChromiumPath}), which is not installed here. Use format=html and print it, or install chromium (apt-get install chromium).");
                }
                var pdf = await PdfPrinter.Print(html, ct);
                if (report.Source.Frozen)
                {
                    using var c = db.Open();
                    ReportStore.InsertPdf(c, key, period.Kind, period.Key, report.Source.Month, report.Source.SnapshotVersion, clock.GetCurrentInstant(), pdf);
                }
                response.Headers["X-Pdf-Source"] = "printed";
                return TypedResults.File(pdf, "application/pdf", name + ".pdf");
            }
            default:
                return SecurityHeaders.Html(HtmlReport.Render(report));
        }
    }
}
