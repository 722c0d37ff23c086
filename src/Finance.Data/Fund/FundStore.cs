using System.Data.Common;
using Dapper;
using Finance.Core.Fund;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Finance.Data.Fund;

/// <summary>A stored benchmark return as its row holds it: a month (yyyy-MM) or a year (yyyy) of a series, in percent.</summary>
public sealed record BenchmarkReturnRow
{
    public required string Period { get; init; }
    public required string Series { get; init; }
    public required decimal ReturnPct { get; init; }
}

public sealed record PlacementRow
{
    public required string PlacementId { get; init; }
    public required string Name { get; init; }
    public string? Manager { get; init; }
    public required string AssetClass { get; init; }
    public string? BenchmarkIndex { get; init; }
    public long? SfdrArticle { get; init; }
}

public sealed record FlowRow
{
    public long FlowId { get; init; }
    public required LocalDate Date { get; init; }
    public string? PlacementId { get; init; }

    /// <summary>The class the flow fell on; null for a fund-level flow (not attributed to a class).</summary>
    public string? AssetClass { get; init; }
    public required decimal AmountNok { get; init; }
    public required string Kind { get; init; }
    public string? Note { get; init; }

    /// <summary>The bank's transaction id, unique when given.</summary>
    public string? Reference { get; init; }
}

public sealed record HistoryRowData
{
    public required long Year { get; init; }
    public required decimal PeriodYears { get; init; }
    public required decimal ReturnPct { get; init; }
    public decimal? BenchmarkPct { get; init; }
    public decimal? ReturnNok { get; init; }
}

public sealed record FundParametersRow
{
    public required decimal GrunnkapitalNok { get; init; }
    public required decimal RealValueBaseNok { get; init; }
    public required long RealValueBaseYear { get; init; }
}

/// <summary>The fund's registers: SQL only, parameters always, one statement per operation.</summary>
public static class FundStore
{
    public static IReadOnlyList<PlacementRow> Placements(DbConnection c, DbTransaction? tx = null) =>
        c.Query<PlacementRow>("""
            SELECT placement_id AS PlacementId, name AS Name, manager AS Manager, asset_class AS AssetClass,
                   benchmark_index AS BenchmarkIndex, sfdr_article AS SfdrArticle
            FROM fund_placements ORDER BY asset_class, placement_id
            """, transaction: tx).ToList();

    public static PlacementRow? Placement(DbConnection c, string placementId, DbTransaction? tx = null) =>
        Placements(c, tx).FirstOrDefault(p => p.PlacementId == placementId);

    public static void UpsertPlacement(DbConnection c, DbTransaction tx, PlacementRow p) => c.Execute("""
        INSERT INTO fund_placements (placement_id, name, manager, asset_class, benchmark_index, sfdr_article)
        VALUES (@PlacementId, @Name, @Manager, @AssetClass, @BenchmarkIndex, @SfdrArticle)
        ON CONFLICT (placement_id) DO UPDATE SET name = excluded.name, manager = excluded.manager,
            asset_class = excluded.asset_class, benchmark_index = excluded.benchmark_index, sfdr_article = excluded.sfdr_article
        """, p, tx);

    public static void UpsertPlacementValuation(DbConnection c, DbTransaction tx, PlacementValuationRow v) => UpsertPlacementValuations(c, tx, [v]);

    /// <summary>Stores many placement values with one prepared statement, executed once per row.</summary>
    public static void UpsertPlacementValuations(DbConnection c, DbTransaction tx, IEnumerable<PlacementValuationRow> rows) => c.Execute("""
        INSERT INTO fund_placement_valuations (date, placement_id, market_value_nok, income_nok, interest_duration_years, credit_duration_years)
        VALUES (@Date, @PlacementId, @MarketValueNok, @IncomeNok, @InterestDurationYears, @CreditDurationYears)
        ON CONFLICT (date, placement_id) DO UPDATE SET market_value_nok = excluded.market_value_nok, income_nok = excluded.income_nok,
            interest_duration_years = excluded.interest_duration_years, credit_duration_years = excluded.credit_duration_years
        """, rows, tx);

    public static void UpsertClassValuation(DbConnection c, DbTransaction tx, ClassValuationRow v) => UpsertClassValuations(c, tx, [v]);

    /// <summary>Stores many class values with one prepared statement, executed once per row.</summary>
    public static void UpsertClassValuations(DbConnection c, DbTransaction tx, IEnumerable<ClassValuationRow> rows) => c.Execute("""
        INSERT INTO fund_class_valuations (date, asset_class, market_value_nok, income_nok)
        VALUES (@Date, @AssetClass, @MarketValueNok, @IncomeNok)
        ON CONFLICT (date, asset_class) DO UPDATE SET market_value_nok = excluded.market_value_nok, income_nok = excluded.income_nok
        """, rows, tx);

    public static long AddFlow(DbConnection c, DbTransaction tx, FlowRow f) => c.ExecuteScalar<long>("""
        INSERT INTO fund_flows (date, placement_id, asset_class, amount_nok, kind, note, reference)
        VALUES (@Date, @PlacementId, @AssetClass, @AmountNok, @Kind, @Note, @Reference) RETURNING flow_id
        """, f, tx);

    /// <summary>Replaces a stored flow's fields; an update that changes nothing leaves the row (and the audit trail) alone.</summary>
    public static void UpdateFlow(DbConnection c, DbTransaction tx, FlowRow f) => c.Execute("""
        UPDATE fund_flows SET date = @Date, placement_id = @PlacementId, asset_class = @AssetClass, amount_nok = @AmountNok,
            kind = @Kind, note = @Note, reference = @Reference
        WHERE flow_id = @FlowId
        """, f, tx);

    public static bool DeleteFlow(DbConnection c, DbTransaction tx, long flowId) =>
        c.Execute("DELETE FROM fund_flows WHERE flow_id = @flowId", new { flowId }, tx) > 0;

    private const string FlowColumns = """
        flow_id AS FlowId, date AS Date, placement_id AS PlacementId, asset_class AS AssetClass,
        amount_nok AS AmountNok, kind AS Kind, note AS Note, reference AS Reference
        """;

    public static FlowRow? Flow(DbConnection c, long flowId, DbTransaction? tx = null) =>
        c.QuerySingleOrDefault<FlowRow>($"SELECT {FlowColumns} FROM fund_flows WHERE flow_id = @flowId", new { flowId }, tx);

    public static FlowRow? FlowByReference(DbConnection c, string reference, DbTransaction? tx = null) =>
        c.QuerySingleOrDefault<FlowRow>($"SELECT {FlowColumns} FROM fund_flows WHERE reference = @reference", new { reference }, tx);

    /// <summary>The stored flows with the same date, kind, class and placement (the amount is compared by the caller: it is text).</summary>
    public static IReadOnlyList<FlowRow> FlowsLike(DbConnection c, FlowRow f, DbTransaction? tx = null) =>
        c.Query<FlowRow>($"""
            SELECT {FlowColumns} FROM fund_flows
            WHERE date = @Date AND kind = @Kind AND asset_class IS NOT DISTINCT FROM @AssetClass AND placement_id IS NOT DISTINCT FROM @PlacementId
            ORDER BY flow_id
            """, f, tx).ToList();

    public static void UpsertBenchmarkReturn(DbConnection c, DbTransaction tx, BenchmarkReturnRow b) => c.Execute("""
        INSERT INTO fund_benchmark_returns (period, series, return_pct) VALUES (@Period, @Series, @ReturnPct)
        ON CONFLICT (period, series) DO UPDATE SET return_pct = excluded.return_pct
        """, b, tx);

    public static void UpsertHistory(DbConnection c, DbTransaction tx, HistoryRowData h) => c.Execute("""
        INSERT INTO fund_return_history (year, period_years, return_pct, benchmark_pct, return_nok)
        VALUES (@Year, @PeriodYears, @ReturnPct, @BenchmarkPct, @ReturnNok)
        ON CONFLICT (year) DO UPDATE SET period_years = excluded.period_years, return_pct = excluded.return_pct,
            benchmark_pct = excluded.benchmark_pct, return_nok = excluded.return_nok
        """, h, tx);

    public static void SetParameters(DbConnection c, DbTransaction tx, FundParametersRow p) => c.Execute("""
        INSERT INTO fund_parameters (id, grunnkapital_nok, real_value_base_nok, real_value_base_year)
        VALUES (1, @GrunnkapitalNok, @RealValueBaseNok, @RealValueBaseYear)
        ON CONFLICT (id) DO UPDATE SET grunnkapital_nok = excluded.grunnkapital_nok,
            real_value_base_nok = excluded.real_value_base_nok, real_value_base_year = excluded.real_value_base_year
        """, p, tx);

    public static void UpsertCpi(DbConnection c, DbTransaction tx, int year, decimal index) => c.Execute("""
        INSERT INTO cpi (year, idx) VALUES (@year, @index) ON CONFLICT (year) DO UPDATE SET idx = excluded.idx
        """, new { year, index }, tx);

    public static FundParametersRow? Parameters(DbConnection c, DbTransaction? tx = null) =>
        c.QuerySingleOrDefault<FundParametersRow>("""
            SELECT grunnkapital_nok AS GrunnkapitalNok, real_value_base_nok AS RealValueBaseNok, real_value_base_year AS RealValueBaseYear
            FROM fund_parameters WHERE id = 1
            """, transaction: tx);

    public static decimal? Cpi(DbConnection c, int year, DbTransaction? tx = null) =>
        c.QuerySingleOrDefault<decimal?>("SELECT idx FROM cpi WHERE year = @year", new { year }, tx);

    public static IReadOnlyList<(long Year, decimal Index)> CpiSeries(DbConnection c, DbTransaction? tx = null) =>
        c.Query<(long, decimal)>("SELECT year, idx FROM cpi ORDER BY year", transaction: tx).ToList();

    /// <summary>The placement valuations dated from <paramref name="from"/> to <paramref name="to"/>, inclusive.</summary>
    public static IReadOnlyList<PlacementValuationRow> PlacementValuations(DbConnection c, LocalDate from, LocalDate to, DbTransaction? tx = null) =>
        c.Query<PlacementValuationRow>("""
            SELECT v.date AS Date, v.placement_id AS PlacementId, p.asset_class AS AssetClass, v.market_value_nok AS MarketValueNok,
                   v.income_nok AS IncomeNok, v.interest_duration_years AS InterestDurationYears, v.credit_duration_years AS CreditDurationYears
            FROM fund_placement_valuations v JOIN fund_placements p USING (placement_id)
            WHERE v.date BETWEEN @from AND @to ORDER BY v.date, v.placement_id
            """, new { from, to }, tx).ToList();

    public static IReadOnlyList<ClassValuationRow> ClassValuations(DbConnection c, LocalDate from, LocalDate to, DbTransaction? tx = null) =>
        c.Query<ClassValuationRow>("""
            SELECT date AS Date, asset_class AS AssetClass, market_value_nok AS MarketValueNok, income_nok AS IncomeNok
            FROM fund_class_valuations WHERE date BETWEEN @from AND @to ORDER BY date, asset_class
            """, new { from, to }, tx).ToList();

    /// <summary>Every date the fund (a placement or a class) is valued at, in order.</summary>
    public static IReadOnlyList<LocalDate> ValuationDates(DbConnection c, DbTransaction? tx = null) =>
        c.Query<LocalDate>("""
            SELECT date FROM fund_placement_valuations
            UNION SELECT date FROM fund_class_valuations
            ORDER BY date
            """, transaction: tx).ToList();

    /// <summary>The latest date on or before <paramref name="asOf"/> with any valuation.</summary>
    public static LocalDate? LatestValuationDate(DbConnection c, LocalDate asOf, DbTransaction? tx = null) =>
        // No row (not a NULL from MAX) when nothing is valued yet: the date handler cannot read a NULL.
        c.QuerySingleOrDefault<LocalDate?>("""
            SELECT date FROM (
                SELECT date FROM fund_placement_valuations WHERE date <= @asOf
                UNION ALL SELECT date FROM fund_class_valuations WHERE date <= @asOf) AS valued
            ORDER BY date DESC LIMIT 1
            """, new { asOf }, tx);

    public static IReadOnlyList<FlowRow> Flows(DbConnection c, LocalDate from, LocalDate to, DbTransaction? tx = null) =>
        c.Query<FlowRow>("""
            SELECT flow_id AS FlowId, date AS Date, placement_id AS PlacementId, asset_class AS AssetClass,
                   amount_nok AS AmountNok, kind AS Kind, note AS Note, reference AS Reference
            FROM fund_flows WHERE date BETWEEN @from AND @to ORDER BY date, flow_id
            """, new { from, to }, tx).ToList();

    public static IReadOnlyList<BenchmarkReturnRow> BenchmarkReturns(DbConnection c, DbTransaction? tx = null) =>
        c.Query<BenchmarkReturnRow>("""
            SELECT period AS Period, series AS Series, return_pct AS ReturnPct FROM fund_benchmark_returns ORDER BY period, series
            """, transaction: tx).ToList();

    public static IReadOnlyList<HistoryRowData> History(DbConnection c, DbTransaction? tx = null) =>
        c.Query<HistoryRowData>("""
            SELECT year AS Year, period_years AS PeriodYears, return_pct AS ReturnPct, benchmark_pct AS BenchmarkPct, return_nok AS ReturnNok
            FROM fund_return_history ORDER BY year
            """, transaction: tx).ToList();

    /// <summary>The first and last calendar year with any valuation.</summary>
    public static (long? First, long? Last) ValuationYearRange(DbConnection c, DbTransaction? tx = null)
    {
        // The two ends as rows (none when nothing is valued): the date handler cannot read a NULL from MIN/MAX.
        const string Dates = "SELECT date FROM fund_placement_valuations UNION ALL SELECT date FROM fund_class_valuations";
        var first = c.QueryFirstOrDefault<LocalDate?>($"SELECT date FROM ({Dates}) AS valued ORDER BY date LIMIT 1", transaction: tx);
        var last = c.QueryFirstOrDefault<LocalDate?>($"SELECT date FROM ({Dates}) AS valued ORDER BY date DESC LIMIT 1", transaction: tx);
        return (first?.Year, last?.Year);
    }
}
