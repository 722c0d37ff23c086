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

        var strategy = new Dictionary<AssetClass, StrategyBand>();
        foreach (var k in AssetClasses.All)
        {
            var id = "fund.alloc." + k.Code();
            if (policy?.Number(id, l => l.Target) is { } target)
            {
                strategy[k] = new StrategyBand(target, policy.Number(id, l => l.Min), policy.Number(id, l => l.Max));
            }
        }
        var allocation = Allocation.Against(valuation.Classes.ToDictionary(kv => kv.Key, kv => kv.Value.MarketValueNok), strategy);
        var classes = allocation.Select(a => new FundClassHolding(a.AssetClass.Code(), a.MarketValueNok, a.Weight.Percent,
            a.Band?.StrategicPct, a.Band?.MinPct, a.Band?.MaxPct, a.WithinBand)).ToList();

        var placementInfo = FundStore.Placements(c, tx).ToDictionary(p => p.PlacementId);
        var placements = valuation.Classes.Values.SelectMany(v => v.Placements)
            .OrderBy(p => p.AssetClass, StringComparer.Ordinal).ThenBy(p => p.PlacementId, StringComparer.Ordinal)
            .Select(p => new FundPlacementHolding(p.PlacementId, placementInfo.TryGetValue(p.PlacementId, out var i) ? i.Name : p.PlacementId,
                p.AssetClass, p.MarketValueNok, p.InterestDurationYears, p.CreditDurationYears, placementInfo.GetValueOrDefault(p.PlacementId)?.SfdrArticle))
            .ToList();

        var year = asOf.Year;
        var lastMonth = asOf == asOf.With(DateAdjusters.EndOfMonth) ? asOf.ToYearMonth() : asOf.ToYearMonth().PlusMonths(-1);
        var openingDate = new LocalDate(year - 1, 12, 31);
        var opening = FundFigures.ValuationAt(c, openingDate, tx) is { } o ? Point(o) : null;
        var months = lastMonth.Year == year ? FundFigures.Months(c, new YearMonth(year, 1), lastMonth, tx) : [];
        var closing = FundFigures.Valuations(c, openingDate, asOf, tx);
        var rows = months.Select(m => MonthRow(m, closing.GetValueOrDefault(m.OnDayOfMonthEnd()))).ToList();
        var ytd = Ytd(c, tx, year, months, notes);

        var withdrawals = FundFigures.NetWithdrawalNok(c, new LocalDate(year, 1, 1), asOf, tx);
        foreach (var basis in months.Select(m => m.ClassBasis).OfType<string>())
        {
            notes.Add(basis);
        }
        var risk = Risk(c, tx, lastMonth, valuation, policy, notes);

        var parameters = FundStore.Parameters(c, tx);
        FundBuffer? buffer = null;
        FundRealValue? realValue = null;
        if (parameters is null)
        {
            notes.Add("Fondets parametere (grunnkapital, realverdigrunnlag) er ikke registrert.");
        }
        else
        {
            var total = valuation.TotalNok;
            var bufferNok = total - parameters.GrunnkapitalNok;
            buffer = new FundBuffer(parameters.GrunnkapitalNok, bufferNok, Rate.Share(bufferNok, total).Percent);
            var baseYear = (int)parameters.RealValueBaseYear;
            if (FundFigures.CpiForTarget(c, baseYear, year, tx) is { } cpi)
            {
                var rv = RealValue.At(year, total, parameters.GrunnkapitalNok, parameters.RealValueBaseNok, cpi.CpiIndexBaseYear, cpi.CpiIndexYear);
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

    private static FundYtd Ytd(DbConnection c, DbTransaction tx, int year, IReadOnlyList<FundMonth> months, List<string> notes)
    {
        decimal? ClassYtd(AssetClass k) => months.Any(m => m.Classes.ContainsKey(k))
            ? Returns.ChainLinked(months.Select(m => m.Classes.TryGetValue(k, out var r) ? r.Return ?? 0m : 0m)) * 100m
            : null;
        decimal ClassIncome(AssetClass k) => months.Sum(m => m.Classes.TryGetValue(k, out var r) ? r.IncomeNok : 0m);

        var total = Returns.ChainLinked(months.Select(m => m.Total.Return ?? 0m)) * 100m;
        decimal? benchmark = null, eqBenchmark = null, boBenchmark = null;
        string? source = null;
        if (months.Count == 12)
        {
            // A full year: the same figures as GET /api/fund/returns (published annual benchmark when loaded).
            var full = FundFigures.YearReturns(c, year, tx);
            benchmark = full.BenchmarkYtd * 100m;
            source = full.BenchmarkSource;
            eqBenchmark = full.ClassBenchmarkYtd.TryGetValue(AssetClass.Equities, out var e) ? e * 100m : null;
            boBenchmark = full.ClassBenchmarkYtd.TryGetValue(AssetClass.Bonds, out var b) ? b * 100m : null;
        }
        else if (months.Count > 0 && months.All(m => m.BenchmarkReturn.HasValue))
        {
            benchmark = Returns.ChainLinked(months.Select(m => m.BenchmarkReturn!.Value)) * 100m;
            source = "monthlyChain";
        }
        if (months.Count > 0 && benchmark is null)
        {
            notes.Add("Referanseavkastningen mangler for en eller flere måneder.");
        }
        var equities = ClassYtd(AssetClass.Equities);
        var bonds = ClassYtd(AssetClass.Bonds);
        return new FundYtd(months.Count, total, equities, bonds, benchmark, eqBenchmark, boBenchmark,
            total - benchmark, equities - eqBenchmark, bonds - boBenchmark,
            months.Sum(m => m.Total.IncomeNok), ClassIncome(AssetClass.Equities), ClassIncome(AssetClass.Bonds), ClassIncome(AssetClass.Cash), source);
    }

    private static FundRisk Risk(DbConnection c, DbTransaction tx, YearMonth last, FundValuation valuation, PolicyInForce? policy, List<string> notes)
    {
        var months = FundFigures.Months(c, last.PlusMonths(-(RiskFigures.Window - 1)), last, tx);
        var consecutive = months.Count == RiskFigures.Window && months.All(m => m.Total.Return.HasValue);
        decimal? std = null, te = null;
        if (consecutive)
        {
            var fund = months.Select(m => m.Total.Return!.Value).ToList();
            std = RiskFigures.AnnualisedStdDev36(fund) * 100m;
            if (months.All(m => m.BenchmarkReturn.HasValue))
            {
                te = RiskFigures.TrackingError36(fund, months.Select(m => m.BenchmarkReturn!.Value).ToList()) * 100m;
            }
        }
        else
        {
            notes.Add($"Standardavvik og relativ risiko (36 mnd.) krever 36 månedlige avkastningstall til og med {last:yyyy-MM}; systemet har {months.Count}.");
        }
        var bonds = valuation.Classes.GetValueOrDefault(AssetClass.Bonds)?.Placements ?? [];
        return new FundRisk(std, te, months.Count,
            RiskFigures.WeightedDuration(bonds.Select(p => (p.MarketValueNok, p.InterestDurationYears))),
            policy?.Number("fund.duration.interest_rate", l => l.Min), policy?.Number("fund.duration.interest_rate", l => l.Max),
            RiskFigures.WeightedDuration(bonds.Select(p => (p.MarketValueNok, p.CreditDurationYears))),
            policy?.Number("fund.duration.credit", l => l.Min), policy?.Number("fund.duration.credit", l => l.Max));
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
