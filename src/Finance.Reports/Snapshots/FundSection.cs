using System.Data.Common;
using System.Text.Json.Serialization;
using Finance.Core.Common;
using Finance.Core.Fund;
using Finance.Core.Policy;
using Finance.Data.Fund;
using Finance.Data.Policy;
using NodaTime;

namespace Finance.Reports.Snapshots;

/// <summary>The fund at the snapshot date: holdings vs strategy, the year's months, returns vs benchmark, risk, buffer, real value, history.</summary>
public sealed record FundSection(
    LocalDate ValuationDate,
    decimal MarketValueNok,
    [property: JsonPropertyName("assetClasses")] IReadOnlyList<FundClassHolding> Classes,
    IReadOnlyList<FundPlacementHolding> Placements,
    FundValuePoint? Opening,
    IReadOnlyList<FundMonthRow> Months,
    FundYtd Ytd,
    decimal WithdrawalsNok,
    FundRisk Risk,
    FundBuffer? Buffer,
    FundRealValue? RealValue,
    FundHistory History);

/// <summary>An asset class's holding against the strategy: weight = market value / fund total, band from the regulations.</summary>
public sealed record FundClassHolding(string AssetClass, decimal MarketValueNok, decimal WeightPct, decimal? StrategicPct, decimal? MinPct, decimal? MaxPct, bool? WithinBand);

public sealed record FundPlacementHolding(string PlacementId, string Name, string AssetClass, decimal MarketValueNok, decimal? InterestDurationYears, decimal? CreditDurationYears, long? SfdrArticle);

/// <summary>Market value per class at a date (the opening balance, IB, is the previous year end).</summary>
public sealed record FundValuePoint(LocalDate Date, decimal EquitiesNok, decimal BondsNok, decimal CashNok, decimal TotalNok);

/// <summary>
/// One month of the year: closing values, income (finansinntekter) and time-weighted returns per class and in total,
/// and the composite benchmark (syntetisk indeks). Returns are null where the month's opening value is zero.
/// </summary>
public sealed record FundMonthRow(
    YearMonth Month,
    decimal EquitiesNok, decimal BondsNok, decimal CashNok, decimal TotalNok,
    decimal EquitiesIncomeNok, decimal BondsIncomeNok, decimal CashIncomeNok, decimal IncomeNok,
    decimal? EquitiesPct, decimal? BondsPct, decimal? CashPct, decimal? TotalPct, decimal? BenchmarkPct);

/// <summary>
/// Year to date, chain-linked from the unrounded monthly returns. The benchmark is the published annual figure for a
/// full year when loaded, otherwise the chain of the monthly composite (<see cref="BenchmarkSource"/>).
/// </summary>
public sealed record FundYtd(
    int MonthsCovered,
    decimal TotalPct, decimal? EquitiesPct, decimal? BondsPct,
    decimal? BenchmarkPct, decimal? EquitiesBenchmarkPct, decimal? BondsBenchmarkPct,
    decimal? ExcessPct, decimal? EquitiesExcessPct, decimal? BondsExcessPct,
    decimal IncomeNok, decimal EquitiesIncomeNok, decimal BondsIncomeNok, decimal CashIncomeNok,
    string? BenchmarkSource);

/// <summary>Risk figures: 36-month annualised standard deviation and tracking error (null with fewer months), bond durations vs limits.</summary>
public sealed record FundRisk(
    decimal? StdDev36mPct, decimal? TrackingError36mPct, int MonthsAvailable,
    decimal? InterestDurationYears, decimal? InterestDurationMinYears, decimal? InterestDurationMaxYears,
    decimal? CreditDurationYears, decimal? CreditDurationMinYears, decimal? CreditDurationMaxYears);

/// <summary>Bufferkapital = market value − grunnkapital, and its share of the fund.</summary>
public sealed record FundBuffer(decimal GrunnkapitalNok, decimal BufferCapitalNok, decimal BufferSharePct);

/// <summary>The real-value target (realverdi) of the year: base × CPI(year) / CPI(base year); surplus = market value − target.</summary>
/// The JSON names are those of <c>GET /api/fund/real-value</c>; the CPI figures are index levels, not years.
public sealed record FundRealValue(int Year,
    [property: JsonPropertyName("realValueBaseNok")] decimal BaseNok,
    [property: JsonPropertyName("realValueBaseYear")] int BaseYear,
    [property: JsonPropertyName("cpiIndexBaseYear")] decimal CpiBase,
    [property: JsonPropertyName("cpiIndexYear")] decimal CpiYear,
    decimal Factor, decimal TargetNok, decimal SurplusNok, int CpiIndexYearOf, string Basis);

public sealed record FundHistoryYear(int Year, decimal PeriodYears, decimal ReturnPct, decimal? BenchmarkPct, decimal AccumulatedPct, decimal? BenchmarkAccumulatedPct, decimal? ReturnNok, string Source);

/// <summary>Returns since inception (Vedlegg 5e) up to the snapshot's last complete year (the year itself when the snapshot is December).</summary>
public sealed record FundHistory(IReadOnlyList<FundHistoryYear> Years, decimal TotalYears, decimal? AccumulatedPct, decimal? BenchmarkAccumulatedPct, decimal? AverageAnnualPct, decimal? BenchmarkAverageAnnualPct, decimal? TotalReturnNok);

public static class FundSectionBuilder
{
    /// <summary>The fund section as of <paramref name="asOf"/>, or null (with a note) when the fund has no valuation then.</summary>
    public static FundSection? Build(DbConnection c, DbTransaction tx, LocalDate asOf, PolicyInForce? policy, List<string> notes)
    {
        var valuation = FundFigures.LatestValuation(c, asOf, tx);
        if (valuation is null)
        {
            notes.Add($"Forvaltningsfondet har ingen verdsettelse per {asOf:dd.MM.yyyy} eller tidligere.");
            return null;
        }
        if (valuation.Date != asOf)
        {
            notes.Add($"Fondets siste verdsettelse før {asOf:dd.MM.yyyy} er per {valuation.Date:dd.MM.yyyy}.");
        }

        var holdings = FundFigures.Holdings(c, valuation, policy, tx);
        var classes = holdings.Classes.Select(a => new FundClassHolding(a.AssetClass.Code(), a.MarketValueNok, a.Weight.Percent,
            a.Band?.Strategic.WrittenPercent, a.Band?.Min?.WrittenPercent, a.Band?.Max?.WrittenPercent, a.WithinBand)).ToList();
        var placements = holdings.Placements
            .OrderBy(p => p.Valuation.AssetClass, StringComparer.Ordinal).ThenBy(p => p.Valuation.PlacementId, StringComparer.Ordinal)
            .Select(p => new FundPlacementHolding(p.Valuation.PlacementId, p.Name, p.Valuation.AssetClass, p.Valuation.MarketValueNok,
                p.Valuation.InterestDurationYears, p.Valuation.CreditDurationYears, p.SfdrArticle))
            .ToList();

        var year = asOf.Year;
        var lastMonth = FundRiskFigures.LastMonthAt(asOf);
        var openingDate = new LocalDate(year - 1, 12, 31);
        var opening = FundFigures.ValuationAt(c, openingDate, tx) is { } o ? Point(o) : null;
        // Before the year's first month end (1–30 January) the year has no month yet: through the previous December.
        var returns = FundFigures.YearReturns(c, year, tx, lastMonth);
        var months = returns.Months;
        var closing = FundFigures.Valuations(c, openingDate, asOf, tx);
        var rows = months.Select(m => MonthRow(m, closing.GetValueOrDefault(m.OnDayOfMonthEnd()))).ToList();
        var ytd = Ytd(returns, notes);

        var withdrawals = FundFigures.NetWithdrawalNok(c, new LocalDate(year, 1, 1), asOf, tx);
        foreach (var basis in months.Select(m => m.ClassBasis).OfType<string>())
        {
            notes.Add(basis);
        }
        var risk = Risk(FundFigures.Risk(c, asOf, tx), policy, notes);

        var parameters = FundStore.Parameters(c, tx);
        FundBuffer? buffer = null;
        FundRealValue? realValue = null;
        if (parameters is null)
        {
            notes.Add("Fondets parametere (grunnkapital, realverdigrunnlag) er ikke registrert.");
        }
        else
        {
            var (bufferNok, bufferShare) = RealValue.Buffer(valuation.TotalNok, parameters.GrunnkapitalNok);
            buffer = new FundBuffer(parameters.GrunnkapitalNok, bufferNok, bufferShare.Percent);
            var baseYear = (int)parameters.RealValueBaseYear;
            if (FundFigures.RealValueOf(c, year, valuation.TotalNok, parameters, tx) is var (rv, cpi))
            {
                realValue = new FundRealValue(year, parameters.RealValueBaseNok, baseYear, cpi.CpiIndexBaseYear, cpi.CpiIndexYear, rv.Factor, rv.TargetNok, rv.SurplusNok,
                    cpi.CpiIndexYearOf, cpi.Basis);
                if (!cpi.Published)
                {
                    notes.Add(cpi.Basis);
                }
            }
            else
            {
                notes.Add($"Realverdien for {year} krever KPI (årsgjennomsnitt) for {baseYear} og {year}.");
            }
        }

        return new FundSection(valuation.Date, valuation.TotalNok, classes, placements, opening, rows, ytd, withdrawals, risk, buffer, realValue,
            History(c, tx, asOf));
    }

    private static LocalDate OnDayOfMonthEnd(this FundMonth m) => m.Month.OnDayOfMonth(1).With(DateAdjusters.EndOfMonth);

    private static FundValuePoint Point(FundValuation v) =>
        new(v.Date, v.ValueOf(AssetClass.Equities), v.ValueOf(AssetClass.Bonds), v.ValueOf(AssetClass.Cash), v.TotalNok);

    private static FundMonthRow MonthRow(FundMonth m, FundValuation? close)
    {
        decimal Income(AssetClass k) => m.Classes.TryGetValue(k, out var r) ? r.IncomeNok : 0m;
        decimal? Pct(AssetClass k) => m.Classes.TryGetValue(k, out var r) ? r.Return * 100m : null;
        return new FundMonthRow(m.Month,
            close?.ValueOf(AssetClass.Equities) ?? 0m, close?.ValueOf(AssetClass.Bonds) ?? 0m, close?.ValueOf(AssetClass.Cash) ?? 0m, close?.TotalNok ?? 0m,
            Income(AssetClass.Equities), Income(AssetClass.Bonds), Income(AssetClass.Cash), m.Total.IncomeNok,
            Pct(AssetClass.Equities), Pct(AssetClass.Bonds), Pct(AssetClass.Cash), m.Total.Return * 100m, m.BenchmarkReturn * 100m);
    }

    /// <summary>
    /// The year to date of <see cref="FundFigures.YearReturns"/> (the months up to the snapshot), in percent. The class
    /// benchmarks are shown for a full year only.
    /// </summary>
    private static FundYtd Ytd(FundYearReturns r, List<string> notes)
    {
        var months = r.Months.Count;
        if (months > 0 && r.BenchmarkYtd is null)
        {
            notes.Add("Referanseavkastningen mangler for en eller flere måneder.");
        }
        decimal? Pct(IReadOnlyDictionary<AssetClass, decimal> byClass, AssetClass k) => byClass.TryGetValue(k, out var x) ? x * 100m : null;
        var total = r.Ytd * 100m;
        var benchmark = r.BenchmarkYtd * 100m;
        var (equities, bonds) = (Pct(r.ClassYtd, AssetClass.Equities), Pct(r.ClassYtd, AssetClass.Bonds));
        var (eqBenchmark, boBenchmark) = r.FullYear ? (Pct(r.ClassBenchmarkYtd, AssetClass.Equities), Pct(r.ClassBenchmarkYtd, AssetClass.Bonds)) : (null, null);
        return new FundYtd(months, total, equities, bonds, benchmark, eqBenchmark, boBenchmark,
            total - benchmark, equities - eqBenchmark, bonds - boBenchmark,
            r.IncomeNok, r.ClassIncomeNok[AssetClass.Equities], r.ClassIncomeNok[AssetClass.Bonds], r.ClassIncomeNok[AssetClass.Cash], r.BenchmarkSource);
    }

    /// <summary>The risk figures of <see cref="FundFigures.Risk"/> in percent, the durations against the regulations' limits.</summary>
    private static FundRisk Risk(FundRiskFigures r, PolicyInForce? policy, List<string> notes)
    {
        if (!r.FullWindow)
        {
            notes.Add($"Standardavvik og relativ risiko (36 mnd.) krever 36 månedlige avkastningstall til og med {r.LastMonth:yyyy-MM}; systemet har {r.MonthsAvailable}.");
        }
        return new FundRisk(r.StdDev36m?.Percent, r.TrackingError36m?.Percent, r.MonthsAvailable,
            r.Durations.InterestYears, policy?.Number("fund.duration.interest_rate", l => l.Min), policy?.Number("fund.duration.interest_rate", l => l.Max),
            r.Durations.CreditYears, policy?.Number("fund.duration.credit", l => l.Min), policy?.Number("fund.duration.credit", l => l.Max));
    }

    /// <summary>
    /// The history since inception as the service computes it (GET /api/fund/returns/history), cut at the snapshot: only
    /// years that had ended by <paramref name="asOf"/> (the snapshot's own year only at 31.12), so a later year's data
    /// never leaks into an earlier snapshot.
    /// </summary>
    private static FundHistory History(DbConnection c, DbTransaction tx, LocalDate asOf)
    {
        var lastYear = asOf.Month == 12 && asOf.Day == 31 ? asOf.Year : asOf.Year - 1;
        var (all, _) = FundFigures.History(c, tx);
        var h = ReturnHistory.Accumulate(all.Rows.Where(r => r.Year.Year <= lastYear).Select(r => r.Year));
        var years = h.Rows.Select(r => new FundHistoryYear(r.Year.Year, r.Year.PeriodYears, r.Year.Return * 100m, r.Year.BenchmarkReturn * 100m,
            r.Accumulated * 100m, r.BenchmarkAccumulated * 100m, r.Year.ReturnNok, r.Year.Source == HistorySource.Computed ? "computed" : "loaded")).ToList();
        var last = h.Rows.Count > 0 ? h.Rows[^1] : null;
        decimal? totalNok = h.Rows.Count > 0 && h.Rows.All(r => r.Year.ReturnNok.HasValue) ? h.Rows.Sum(r => r.Year.ReturnNok!.Value) : null;
        return new FundHistory(years, h.TotalYears, last?.Accumulated * 100m, last?.BenchmarkAccumulated * 100m,
            h.AverageAnnual * 100m, h.BenchmarkAverageAnnual * 100m, totalNok);
    }
}
