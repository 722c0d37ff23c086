using System.Data.Common;
using Finance.Core.Common;
using Finance.Core.Fund;
using Finance.Core.Policy;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Finance.Data.Fund;

/// <summary>
/// Reads the fund's registers and applies the pure calculations of <c>Finance.Core.Fund</c>. The rules that turn stored
/// rows into figures live here and are stated once:
/// <list type="bullet">
/// <item>A class's value at a date is the sum of its placements' values when any placement of the class is valued at
/// that date; otherwise the class-level value (data known only per class, such as the report's monthly tables).</item>
/// <item>A class's reported income likewise: the placements' incomes when all of them report one, else the class row's.</item>
/// <item>A month is computable when the fund is valued at the previous month end and at this month end.</item>
/// </list>
/// </summary>
public static class FundFigures
{
    public static FundValuation? ValuationAt(DbConnection c, LocalDate date, DbTransaction? tx = null) =>
        Valuations(c, date, date, tx).GetValueOrDefault(date);

    /// <summary>The valuation at the latest valuation date on or before <paramref name="asOf"/>.</summary>
    public static FundValuation? LatestValuation(DbConnection c, LocalDate asOf, DbTransaction? tx = null) =>
        FundStore.LatestValuationDate(c, asOf, tx) is { } date ? ValuationAt(c, date, tx) : null;

    public static IReadOnlyDictionary<LocalDate, FundValuation> Valuations(DbConnection c, LocalDate from, LocalDate to, DbTransaction? tx = null)
    {
        var placements = FundStore.PlacementValuations(c, from, to, tx).ToLookup(v => v.Date);
        var classes = FundStore.ClassValuations(c, from, to, tx).ToLookup(v => v.Date);
        return placements.Select(g => g.Key).Union(classes.Select(g => g.Key))
            .ToDictionary(d => d, d => FundValuation.Combine(d, placements[d].ToList(), classes[d].ToList()));
    }

    /// <summary>The computable months from <paramref name="first"/> to <paramref name="last"/>, in order (with the benchmarks when the caller has read them).</summary>
    public static IReadOnlyList<FundMonth> Months(DbConnection c, YearMonth first, YearMonth last, DbTransaction? tx = null, BenchmarkSet? benchmarks = null)
    {
        var from = first.PlusMonths(-1).OnDayOfMonth(1).With(DateAdjusters.EndOfMonth);
        var to = last.OnDayOfMonth(1).With(DateAdjusters.EndOfMonth);
        var valuations = Valuations(c, from, to, tx);
        var flows = FundStore.Flows(c, from.PlusDays(1), to, tx);
        benchmarks ??= Benchmarks(c, tx);
        var months = new List<FundMonth>();
        for (var month = first; month <= last; month = month.PlusMonths(1))
        {
            var openDate = month.PlusMonths(-1).OnDayOfMonth(1).With(DateAdjusters.EndOfMonth);
            var closeDate = month.OnDayOfMonth(1).With(DateAdjusters.EndOfMonth);
            if (!valuations.TryGetValue(openDate, out var open) || !valuations.TryGetValue(closeDate, out var close))
            {
                continue;
            }
            var monthFlows = flows.Where(f => f.Date > openDate && f.Date <= closeDate).ToList();
            var classes = new Dictionary<AssetClass, MonthReturn>();
            foreach (var assetClass in AssetClasses.All.Where(k => open.Classes.ContainsKey(k) || close.Classes.ContainsKey(k)))
            {
                var classFlows = monthFlows.Where(f => f.AssetClass == assetClass.Code()).Select(f => new DatedFlow(f.Date, f.AmountNok)).ToList();
                classes[assetClass] = Returns.Month(new MonthPosition(month, open.ValueOf(assetClass), close.ValueOf(assetClass),
                    classFlows, close.Classes.GetValueOrDefault(assetClass)?.ReportedIncomeNok));
            }
            // A fund-level flow moved the value of some class; where the class income is derived (change − own flows) that
            // movement sits in the class income, so the total takes it out again: the total uses the flow exactly.
            var unattributed = monthFlows.Where(f => f.AssetClass is null).Sum(f => f.AmountNok);
            var allReported = classes.Values.All(r => r.IncomeReported);
            var totalIncome = classes.Values.Sum(r => r.IncomeNok) - (allReported ? 0m : unattributed);
            var allFlows = monthFlows.Select(f => new DatedFlow(f.Date, f.AmountNok)).ToList();
            var total = new MonthReturn(month, totalIncome, Returns.ModifiedDietz(month, open.TotalNok, totalIncome, allFlows), allReported);
            months.Add(new FundMonth(month, total, classes, benchmarks.Monthly(month, "composite"), unattributed));
        }
        return months;
    }

    /// <summary>
    /// The fund's withdrawal from <paramref name="from"/> to <paramref name="to"/>: the net of its external flows, i.e. minus
    /// the sum of every flow dated then (transfers between classes net to zero, so the December 2025 rows −62.6, −8.1 and
    /// +1.1 MNOK give 69.6 MNOK). Positive when money left the fund.
    /// </summary>
    public static decimal NetWithdrawalNok(DbConnection c, LocalDate from, LocalDate to, DbTransaction? tx = null) =>
        -FundStore.Flows(c, from, to, tx).Sum(f => f.AmountNok);

    /// <summary>
    /// The CPI of a year's real-value target — one rule for the real-value endpoint, compliance, the green zone and the
    /// snapshot: the year's annual-average CPI when published, otherwise the latest published before it (the year's
    /// target is then preliminary, and <see cref="RealValueCpi.Basis"/> says so). Null when the base year's CPI or any CPI
    /// up to the year is missing.
    /// </summary>
    public static RealValueCpi? CpiForTarget(DbConnection c, int baseYear, int year, DbTransaction? tx = null)
    {
        var cpiBase = FundStore.Cpi(c, baseYear, tx);
        var published = FundStore.CpiSeries(c, tx).Where(x => x.Year <= year && x.Index > 0m).ToList();
        if (cpiBase is not > 0m || published.Count == 0)
        {
            return null;
        }
        var (latestYear, latestIndex) = published[^1];
        var basis = latestYear == year
            ? $"Target = base × CPI {year} / CPI {baseYear} (annual averages, SSB)."
            : $"The CPI of {year} is not published yet: the target uses the latest published CPI ({latestYear}), CPI {latestYear} / CPI {baseYear}, and is preliminary until it is.";
        return new RealValueCpi(baseYear, cpiBase.Value, (int)latestYear, latestIndex, latestYear == year, basis);
    }

    /// <summary>
    /// The real-value target of <paramref name="year"/> for a fund worth <paramref name="marketValueNok"/>, with the buffer
    /// capital: one computation for <c>GET /api/fund/real-value/{year}</c> and the snapshot. Null when the CPI it needs is
    /// missing (<see cref="CpiForTarget"/>).
    /// </summary>
    public static (RealValueResult Value, RealValueCpi Cpi)? RealValueOf(DbConnection c, int year, decimal marketValueNok, FundParametersRow parameters, DbTransaction? tx = null) =>
        CpiForTarget(c, (int)parameters.RealValueBaseYear, year, tx) is { } cpi
            ? (RealValue.At(year, marketValueNok, parameters.GrunnkapitalNok, parameters.RealValueBaseNok, cpi.CpiIndexBaseYear, cpi.CpiIndexYear), cpi)
            : null;

    /// <summary>
    /// The returns of <paramref name="year"/>, month by month up to <paramref name="through"/> (default December) and
    /// chain-linked: one computation for <c>GET /api/fund/returns</c> and the snapshot's year to date.
    /// </summary>
    public static FundYearReturns YearReturns(DbConnection c, int year, DbTransaction? tx = null, YearMonth? through = null)
    {
        var benchmarks = Benchmarks(c, tx);
        var months = Months(c, new YearMonth(year, 1), through ?? new YearMonth(year, 12), tx, benchmarks);
        var classYtd = AssetClasses.All
            .Where(k => months.Any(m => m.Classes.ContainsKey(k)))
            .ToDictionary(k => k, k => Returns.ChainLinked(months.Select(m => m.Classes.TryGetValue(k, out var r) ? r.Return ?? 0m : 0m)));
        var (benchmarkYtd, source) = benchmarks.Year(year, "composite", months.Select(m => m.Month).ToList());
        var classBenchmark = new Dictionary<AssetClass, decimal>();
        foreach (var k in new[] { AssetClass.Equities, AssetClass.Bonds })
        {
            if (benchmarks.Year(year, k.Code(), months.Select(m => m.Month).ToList()) is ({ } b, _))
            {
                classBenchmark[k] = b;
            }
        }
        var classIncome = AssetClasses.All.ToDictionary(k => k, k => months.Sum(m => m.Classes.TryGetValue(k, out var r) ? r.IncomeNok : 0m));
        return new FundYearReturns(year, months, Returns.ChainLinked(months.Select(m => m.Total.Return ?? 0m)), classYtd,
            months.Sum(m => m.Total.IncomeNok), benchmarkYtd, source, classBenchmark, classIncome);
    }

    /// <summary>
    /// The holdings at <paramref name="valuation"/> against the regulations <paramref name="policy"/>: one computation for
    /// <c>GET /api/fund/holdings</c>, the snapshot's fund section and the compliance check of the class weights.
    /// </summary>
    public static FundHoldings Holdings(DbConnection c, FundValuation valuation, PolicyInForce? policy, DbTransaction? tx = null)
    {
        var register = FundStore.Placements(c, tx).ToDictionary(p => p.PlacementId);
        var placements = valuation.Classes.Values.SelectMany(v => v.Placements)
            .Select(p => register.TryGetValue(p.PlacementId, out var r) ? new PlacementHolding(p, r.Name, r.SfdrArticle) : new PlacementHolding(p, p.PlacementId, null))
            .ToList();
        return new FundHoldings(valuation, Allocation.Against(valuation, policy), placements, policy?.Version.Version);
    }

    /// <summary>
    /// The risk figures at <paramref name="asOf"/>: the 36 months up to the last complete month and the bond durations at
    /// the latest valuation on or before it. One computation for <c>GET /api/fund/risk</c> and the snapshot's fund section.
    /// </summary>
    public static FundRiskFigures Risk(DbConnection c, LocalDate asOf, DbTransaction? tx = null)
    {
        var last = FundRiskFigures.LastMonthAt(asOf);
        return FundRiskFigures.Of(last, Months(c, last.PlusMonths(-(RiskFigures.Window - 1)), last, tx), LatestValuation(c, asOf, tx));
    }

    /// <summary>
    /// The history since inception: the loaded yearly history, with every year for which the system holds all twelve
    /// months computed from those months instead (full precision: 2025 is 7.134 %, not the published 7.1 %).
    /// </summary>
    public static (ReturnHistoryResult Result, IReadOnlyDictionary<int, HistoryRowData> Loaded) History(DbConnection c, DbTransaction? tx = null)
    {
        var loaded = FundStore.History(c, tx).ToDictionary(h => (int)h.Year);
        var years = loaded.Values.Select(h => new HistoryYear((int)h.Year, h.PeriodYears, h.ReturnPct / 100m, h.BenchmarkPct / 100m, HistorySource.Loaded, h.ReturnNok)).ToDictionary(y => y.Year);
        foreach (var year in ValuedYears(c, tx))
        {
            var r = YearReturns(c, year, tx);
            if (r.FullYear)
            {
                years[year] = new HistoryYear(year, 1m, r.Ytd, r.BenchmarkYtd, HistorySource.Computed, r.IncomeNok);
            }
        }
        return (ReturnHistory.Accumulate(years.Values), loaded);
    }

    private static IEnumerable<int> ValuedYears(DbConnection c, DbTransaction? tx)
    {
        var (first, last) = FundStore.ValuationYearRange(c, tx);
        return first is { } f && last is { } l ? Enumerable.Range((int)f, (int)(l - f + 1)) : [];
    }

    public static BenchmarkSet Benchmarks(DbConnection c, DbTransaction? tx) =>
        new(FundStore.BenchmarkReturns(c, tx).Select(r => new BenchmarkReturn(r.Period, r.Series, Rate.FromPercent(r.ReturnPct))));
}
