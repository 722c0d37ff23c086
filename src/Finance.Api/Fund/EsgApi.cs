using Finance.Api.Infrastructure;
using Finance.Data;
using Finance.Data.Fund;
using Finance.Data.Reports;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Finance.Api.Fund;

/// <summary>
/// One placement's ESG figures at a reporting date (Vedlegg 2 of the Finansrapport): SFDR article, carbon intensity
/// (tCO₂e per million EUR invested, scope 1–3), implied temperature rise (°C), and the shares in percent of companies with
/// Science Based Targets, in breach of UN Global Compact / OECD, female board members, the gender pay gap, exposure to
/// controversial weapons and without a human-rights policy. Null = not reported. <c>source</c> says where it comes from.
/// </summary>
public sealed record EsgDto(
    string PlacementId, LocalDate AsOf, int? SfdrArticle, decimal? CarbonIntensity, decimal? TemperatureC, decimal? ScienceBasedTargetsPct,
    decimal? UngcOecdBreachPct, decimal? FemaleBoardPct, decimal? GenderPayGapPct, decimal? ControversialWeaponsPct, decimal? NoHumanRightsPolicyPct,
    string Source);

/// <summary>The ESG register (bærekraft per fond): JSON, CSV and XLSX in and out, like the valuations.</summary>
public static class EsgApi
{
    /// <summary>The columns of the ESG files (import and export): the JSON field names.</summary>
    public static readonly string[] Required = ["placementId", "asOf", "source"];

    public static readonly string[] Optional = ["sfdrArticle", "carbonIntensity", "temperatureC", "scienceBasedTargetsPct", "ungcOecdBreachPct",
        "femaleBoardPct", "genderPayGapPct", "controversialWeaponsPct", "noHumanRightsPolicyPct"];

    public static void MapEsgApi(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/fund/esg").WithTags("Fund").RequireAuthorization(Policies.Read);
        var write = app.MapGroup("/api/fund/esg").WithTags("Fund").RequireAuthorization(Policies.Write);
        read.MapGet("", List)
            .WithSummary("List the ESG register (bærekraft per fond)")
            .WithDescription("Each placement's sustainability figures per reporting date between `from` and `to` (inclusive): SFDR article, carbon intensity (tCO₂e per million EUR invested), implied temperature rise (°C), the share of companies with Science Based Targets and the social indicators of the report's Vedlegg 2, each with its source. `?format=csv` or `Accept: text/csv` exports the same rows as CSV, `?format=xlsx` as a one-sheet workbook; both have the import's columns and import back unchanged.")
            .Produces<List<EsgDto>>(StatusCodes.Status200OK, "application/json", CsvImport.ContentType, Xlsx.ContentType);
        write.MapPost("", Post)
            .WithSummary("Load ESG figures (upsert per placement and date)")
            .WithDescription("An array of rows (`placementId`, `asOf`, `source` required; the figures optional). An existing row for the same placement and date is replaced. All rows or none: any bad row → 400 naming the row and field.")
            .ProducesValidationProblem();
        write.MapPost("/import", Import)
            .WithSummary("Import ESG figures (CSV or XLSX, all rows or none)")
            .WithDescription("`Content-Type: text/csv`, or an .xlsx workbook (the first sheet is read), a header row of the JSON field names (required: placementId, asOf, source). The same rules as the JSON load; any bad row → 400 with `errors` [{line, field, reason}] and nothing is stored.")
            .Accepts<string>(CsvImport.ContentType, Xlsx.ContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    private static EsgDto ToDto(EsgRow r) => new(r.PlacementId, r.AsOf, (int?)r.SfdrArticle, r.CarbonIntensity, r.TemperatureC, r.ScienceBasedTargetsPct,
        r.UngcOecdBreachPct, r.FemaleBoardPct, r.GenderPayGapPct, r.ControversialWeaponsPct, r.NoHumanRightsPolicyPct, r.Source);

    private static Results<Ok<List<EsgDto>>, Export, ValidationProblem> List(Db db, HttpRequest request, DateOnly? from, DateOnly? to, string? format)
    {
        var f = from is { } a ? LocalDate.FromDateOnly(a) : new LocalDate(1900, 1, 1);
        var t = to is { } b ? LocalDate.FromDateOnly(b) : new LocalDate(2200, 12, 31);
        if (f > t)
        {
            return Validation.Problem("from", "`from` must be on or before `to`.");
        }
        using var c = db.OpenRead();
        var rows = ReportStore.Esg(c, f, t).Select(ToDto).ToList();
        if (CsvImport.WantsXlsx(request, format) || CsvImport.WantsCsv(request, format))
        {
            var table = Table.FromItems(rows);
            return CsvImport.WantsXlsx(request, format) ? Export.Xlsx(table.Columns, () => table.Rows, "esg") : Export.Csv(table.Columns, () => table.Rows);
        }
        return TypedResults.Ok(rows);
    }

    private static Results<Ok<List<EsgDto>>, ValidationProblem> Post(Db db, List<EsgDto> body)
    {
        var v = new Validation().When(body.Count == 0, "body", "Send at least one row.").When(body.Count > 10_000, "body", "At most 10 000 rows per request.");
        using var c = db.Open();
        Check(body, FundStore.Placements(c).Select(p => p.PlacementId).ToHashSet(), (i, field, reason) => v.Add($"[{i}].{field}", reason));
        if (!v.Ok)
        {
            return v.Problem();
        }
        Store(db, body);
        return TypedResults.Ok(body);
    }

    private static async Task<Results<Ok<List<EsgDto>>, ProblemHttpResult>> Import(Db db, HttpRequest request)
    {
        var errors = new List<CsvError>();
        if (await CsvImport.ReadRows(request, Required, Optional, errors) is not { } cells)
        {
            return CsvImport.UnsupportedMediaType();
        }
        var rows = new List<EsgDto>();
        var lines = new List<int>();
        foreach (var (line, row) in cells)
        {
            var r = new CsvImport.RowReader(line, row, errors);
            var before = errors.Count;
            var placement = r.Text("placementId", true);
            var asOf = r.Date("asOf", true);
            var source = r.Text("source", true);
            var article = r.Decimal("sfdrArticle");
            var dto = new EsgDto(placement ?? "", asOf ?? default, article is { } ar ? (int)ar : null, r.Decimal("carbonIntensity"), r.Decimal("temperatureC"),
                r.Decimal("scienceBasedTargetsPct"), r.Decimal("ungcOecdBreachPct"), r.Decimal("femaleBoardPct"), r.Decimal("genderPayGapPct"),
                r.Decimal("controversialWeaponsPct"), r.Decimal("noHumanRightsPolicyPct"), source ?? "");
            if (errors.Count == before)
            {
                rows.Add(dto);
                lines.Add(line);
            }
        }
        using (var c = db.Open())
        {
            Check(rows, FundStore.Placements(c).Select(p => p.PlacementId).ToHashSet(), (i, field, reason) => errors.Add(new CsvError(lines[i], field, reason)));
        }
        if (errors.Count > 0)
        {
            return CsvImport.Problem(errors.OrderBy(e => e.Line).ToList(), "The ESG file has invalid rows.");
        }
        Store(db, rows);
        return TypedResults.Ok(rows);
    }

    /// <summary>The rules of an ESG row, for JSON and file loads alike.</summary>
    private static void Check(IReadOnlyList<EsgDto> rows, IReadOnlySet<string> placements, Action<int, string, string> error)
    {
        var seen = new HashSet<(string, LocalDate)>();
        for (var i = 0; i < rows.Count; i++)
        {
            var x = rows[i];
            var index = i;
            void Error(string field, string reason) => error(index, field, reason);
            if (!placements.Contains(x.PlacementId)) Error("placementId", $"'{x.PlacementId}' is not a placement of the register.");
            Input.CheckDate(Error, "asOf", x.AsOf);
            if (string.IsNullOrWhiteSpace(x.Source)) Error("source", "Say where the figures come from.");
            else if (x.Source.Length > 1000) Error("source", "At most 1 000 characters.");
            if (x.SfdrArticle is { } a && a is not (6 or 8 or 9)) Error("sfdrArticle", "6, 8 or 9.");
            foreach (var (field, value, min, max) in new (string, decimal?, decimal, decimal)[]
                     {
                         ("carbonIntensity", x.CarbonIntensity, 0m, 100_000m), ("temperatureC", x.TemperatureC, -10m, 10m),
                         ("scienceBasedTargetsPct", x.ScienceBasedTargetsPct, 0m, 100m), ("ungcOecdBreachPct", x.UngcOecdBreachPct, 0m, 100m),
                         ("femaleBoardPct", x.FemaleBoardPct, 0m, 100m), ("genderPayGapPct", x.GenderPayGapPct, -100m, 100m),
                         ("controversialWeaponsPct", x.ControversialWeaponsPct, 0m, 100m), ("noHumanRightsPolicyPct", x.NoHumanRightsPolicyPct, 0m, 100m),
                     })
            {
                if (value is { } d && (d < min || d > max)) Error(field, $"From {min} to {max}.");
            }
            if (!seen.Add((x.PlacementId, x.AsOf))) Error("asOf", "The same placement and date appears twice.");
        }
    }

    private static void Store(Db db, IReadOnlyList<EsgDto> rows) => db.InTransaction((c, tx) =>
    {
        foreach (var x in rows)
        {
            ReportStore.UpsertEsg(c, tx, new EsgRow
            {
                PlacementId = x.PlacementId, AsOf = x.AsOf, SfdrArticle = x.SfdrArticle, CarbonIntensity = x.CarbonIntensity, TemperatureC = x.TemperatureC,
                ScienceBasedTargetsPct = x.ScienceBasedTargetsPct, UngcOecdBreachPct = x.UngcOecdBreachPct, FemaleBoardPct = x.FemaleBoardPct,
                GenderPayGapPct = x.GenderPayGapPct, ControversialWeaponsPct = x.ControversialWeaponsPct, NoHumanRightsPolicyPct = x.NoHumanRightsPolicyPct,
                Source = x.Source,
            });
        }
    });
}
