using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Finance.Data.Reports;

/// <summary>A published cell of a report table (reported data, not computed): table, row, column period, value and its source.</summary>
public sealed record PublishedCellRow
{
    public required string TableId { get; init; }
    public required string RowKey { get; init; }
    public required string Period { get; init; }
    public required decimal Value { get; init; }
    public required string Unit { get; init; }
    public required string Source { get; init; }
    public string? Note { get; init; }
}

/// <summary>One placement's ESG figures at a date (Vedlegg 2). Percentages are percent numbers; null = not reported.</summary>
public sealed record EsgRow
{
    public required string PlacementId { get; init; }
    public required LocalDate AsOf { get; init; }
    public long? SfdrArticle { get; init; }
    public decimal? CarbonIntensity { get; init; }
    public decimal? TemperatureC { get; init; }
    public decimal? ScienceBasedTargetsPct { get; init; }
    public decimal? UngcOecdBreachPct { get; init; }
    public decimal? FemaleBoardPct { get; init; }
    public decimal? GenderPayGapPct { get; init; }
    public decimal? ControversialWeaponsPct { get; init; }
    public decimal? NoHumanRightsPolicyPct { get; init; }
    public required string Source { get; init; }
}

/// <summary>One version of a commentary section of a report.</summary>
public sealed record CommentaryRow
{
    public required string Kind { get; init; }
    public required string Period { get; init; }
    public required string Section { get; init; }
    public required long Version { get; init; }
    public required string Text { get; init; }
    public required Instant WrittenAt { get; init; }
    public required string WrittenBy { get; init; }
}

/// <summary>The report's own data: published cells, the ESG register, the treasurer's commentary and printed PDFs.</summary>
public static class ReportStore
{
    private const string EsgColumns = """
        placement_id AS PlacementId, as_of AS AsOf, sfdr_article AS SfdrArticle, carbon_intensity AS CarbonIntensity,
        temperature_c AS TemperatureC, science_based_targets_pct AS ScienceBasedTargetsPct, ungc_oecd_breach_pct AS UngcOecdBreachPct,
        female_board_pct AS FemaleBoardPct, gender_pay_gap_pct AS GenderPayGapPct, controversial_weapons_pct AS ControversialWeaponsPct,
        no_human_rights_policy_pct AS NoHumanRightsPolicyPct, source AS Source
        """;

    public static void UpsertPublished(DbConnection c, DbTransaction tx, PublishedCellRow r) => c.Execute("""
        INSERT INTO reported_figures (table_id, row_key, period, value, unit, source, note)
        VALUES (@TableId, @RowKey, @Period, @Value, @Unit, @Source, @Note)
        ON CONFLICT (table_id, row_key, period) DO UPDATE SET value = excluded.value, unit = excluded.unit, source = excluded.source, note = excluded.note
        """, r, tx);

    /// <summary>The published cells whose column is a date or year on or before <paramref name="asOf"/>'s year end, in load order.</summary>
    public static IReadOnlyList<PublishedCellRow> Published(DbConnection c, LocalDate asOf, DbTransaction? tx = null) =>
        c.Query<PublishedCellRow>("""
            SELECT table_id AS TableId, row_key AS RowKey, period AS Period, value AS Value, unit AS Unit, source AS Source, note AS Note
            FROM reported_figures WHERE period <= @last ORDER BY rowid
            """, new { last = asOf.ToString("yyyy-MM-dd", null) }, tx).ToList();

    public static void UpsertEsg(DbConnection c, DbTransaction tx, EsgRow r) => c.Execute("""
        INSERT INTO esg_figures (placement_id, as_of, sfdr_article, carbon_intensity, temperature_c, science_based_targets_pct,
            ungc_oecd_breach_pct, female_board_pct, gender_pay_gap_pct, controversial_weapons_pct, no_human_rights_policy_pct, source)
        VALUES (@PlacementId, @AsOf, @SfdrArticle, @CarbonIntensity, @TemperatureC, @ScienceBasedTargetsPct,
            @UngcOecdBreachPct, @FemaleBoardPct, @GenderPayGapPct, @ControversialWeaponsPct, @NoHumanRightsPolicyPct, @Source)
        ON CONFLICT (placement_id, as_of) DO UPDATE SET sfdr_article = excluded.sfdr_article, carbon_intensity = excluded.carbon_intensity,
            temperature_c = excluded.temperature_c, science_based_targets_pct = excluded.science_based_targets_pct,
            ungc_oecd_breach_pct = excluded.ungc_oecd_breach_pct, female_board_pct = excluded.female_board_pct,
            gender_pay_gap_pct = excluded.gender_pay_gap_pct, controversial_weapons_pct = excluded.controversial_weapons_pct,
            no_human_rights_policy_pct = excluded.no_human_rights_policy_pct, source = excluded.source
        """, r, tx);

    /// <summary>The ESG rows dated between <paramref name="from"/> and <paramref name="to"/> (inclusive), by date and placement.</summary>
    public static IReadOnlyList<EsgRow> Esg(DbConnection c, LocalDate from, LocalDate to, DbTransaction? tx = null) =>
        c.Query<EsgRow>($"SELECT {EsgColumns} FROM esg_figures WHERE as_of BETWEEN @from AND @to ORDER BY as_of, placement_id", new { from, to }, tx).ToList();

    /// <summary>The latest reporting date on or before <paramref name="asOf"/> that has ESG rows, or null.</summary>
    public static LocalDate? LatestEsgDate(DbConnection c, LocalDate asOf, DbTransaction? tx = null) =>
        // No row (not a NULL from MAX) when there is none: the date handler cannot read a NULL.
        c.QueryFirstOrDefault<LocalDate?>("SELECT as_of FROM esg_figures WHERE as_of <= @asOf ORDER BY as_of DESC LIMIT 1", new { asOf }, tx);

    /// <summary>The latest version of every section of a report.</summary>
    public static IReadOnlyList<CommentaryRow> Commentary(DbConnection c, string kind, string period, DbTransaction? tx = null) =>
        c.Query<CommentaryRow>("""
            SELECT kind AS Kind, period AS Period, section AS Section, version AS Version, text AS Text, written_at AS WrittenAt, written_by AS WrittenBy
            FROM report_commentary r
            WHERE kind = @kind AND period = @period
              AND version = (SELECT MAX(version) FROM report_commentary x WHERE x.kind = r.kind AND x.period = r.period AND x.section = r.section)
            """, new { kind, period }, tx).ToList();

    /// <summary>Every version of one section, oldest first.</summary>
    public static IReadOnlyList<CommentaryRow> CommentaryVersions(DbConnection c, string kind, string period, string section) =>
        c.Query<CommentaryRow>("""
            SELECT kind AS Kind, period AS Period, section AS Section, version AS Version, text AS Text, written_at AS WrittenAt, written_by AS WrittenBy
            FROM report_commentary WHERE kind = @kind AND period = @period AND section = @section ORDER BY version
            """, new { kind, period, section }).ToList();

    /// <summary>Stores <paramref name="text"/> as the section's next version (inside the caller's transaction) and returns it.</summary>
    public static CommentaryRow AddCommentary(DbConnection c, DbTransaction tx, string kind, string period, string section, string text, Instant at, string by)
    {
        var version = c.ExecuteScalar<long>("""
            SELECT COALESCE(MAX(version), 0) + 1 FROM report_commentary WHERE kind = @kind AND period = @period AND section = @section
            """, new { kind, period, section }, tx);
        var row = new CommentaryRow { Kind = kind, Period = period, Section = section, Version = version, Text = text, WrittenAt = at, WrittenBy = by };
        c.Execute("""
            INSERT INTO report_commentary (kind, period, section, version, text, written_at, written_by)
            VALUES (@Kind, @Period, @Section, @Version, @Text, @WrittenAt, @WrittenBy)
            """, row, tx);
        return row;
    }

    public static byte[]? Pdf(DbConnection c, string htmlSha256) =>
        c.ExecuteScalar<byte[]?>("SELECT pdf FROM report_pdfs WHERE html_sha256 = @htmlSha256", new { htmlSha256 });

    public static void InsertPdf(DbConnection c, string htmlSha256, string kind, string period, YearMonth? snapshotMonth, long? snapshotVersion, Instant at, byte[] pdf) =>
        c.Execute("""
            INSERT INTO report_pdfs (html_sha256, kind, period, snapshot_month, snapshot_version, created_at, pdf)
            VALUES (@htmlSha256, @kind, @period, @snapshotMonth, @snapshotVersion, @at, @pdf)
            ON CONFLICT (html_sha256) DO NOTHING
            """, new { htmlSha256, kind, period, snapshotMonth, snapshotVersion, at, pdf });
}

/// <summary>
/// The report's reference data: published cells (db/seed/report_reported.csv), the ESG register (esg_figures.csv) and the
/// 2025 annual report's commentary in the treasurer's printed words (report_commentary.csv), as version 1 of each section.
/// </summary>
public static class ReportDemoData
{
    public const string CommentarySeedAuthor = "Finansrapport 2025 (publisert tekst)";

    public static void Load(DbConnection c, DbTransaction tx, IClock clock)
    {
        foreach (var r in SeedFiles.Read("report_commentary.csv"))
        {
            ReportStore.AddCommentary(c, tx, r["kind"], r["period"], r["section"], r["text"], clock.GetCurrentInstant(), CommentarySeedAuthor);
        }
        foreach (var r in SeedFiles.Read("report_reported.csv"))
        {
            ReportStore.UpsertPublished(c, tx, new PublishedCellRow
            {
                TableId = r["table_id"], RowKey = r["row_key"], Period = r["period"], Value = r.Decimal("value"), Unit = r["unit"],
                Source = r["source"], Note = r.TextOrNull("note"),
            });
        }
        foreach (var r in SeedFiles.Read("esg_figures.csv"))
        {
            ReportStore.UpsertEsg(c, tx, new EsgRow
            {
                PlacementId = r["placementId"], AsOf = r.Date("asOf"), SfdrArticle = (long?)r.DecimalOrNull("sfdrArticle"),
                CarbonIntensity = r.DecimalOrNull("carbonIntensity"), TemperatureC = r.DecimalOrNull("temperatureC"),
                ScienceBasedTargetsPct = r.DecimalOrNull("scienceBasedTargetsPct"), UngcOecdBreachPct = r.DecimalOrNull("ungcOecdBreachPct"),
                FemaleBoardPct = r.DecimalOrNull("femaleBoardPct"), GenderPayGapPct = r.DecimalOrNull("genderPayGapPct"),
                ControversialWeaponsPct = r.DecimalOrNull("controversialWeaponsPct"), NoHumanRightsPolicyPct = r.DecimalOrNull("noHumanRightsPolicyPct"),
                Source = r["source"],
            });
        }
    }
}
