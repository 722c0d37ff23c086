using Finance.Core.Common;
using NodaTime;

namespace Finance.Core.Fund;

/// <summary>A placement's stored valuation at a date (with its durations, for the bonds).</summary>
public sealed record PlacementValuationRow
{
    public required LocalDate Date { get; init; }
    public required string PlacementId { get; init; }
    public required string AssetClass { get; init; }
    public required decimal MarketValueNok { get; init; }
    public decimal? IncomeNok { get; init; }
    public decimal? InterestDurationYears { get; init; }
    public decimal? CreditDurationYears { get; init; }
}

/// <summary>An asset class's stored valuation at a date, for data known only per class (such as the report's monthly tables).</summary>
public sealed record ClassValuationRow
{
    public required LocalDate Date { get; init; }
    public required string AssetClass { get; init; }
    public required decimal MarketValueNok { get; init; }
    public decimal? IncomeNok { get; init; }
}

/// <summary>A benchmark return: a month (yyyy-MM) or a year (yyyy) of a series.</summary>
public sealed record BenchmarkReturn(string Period, string Series, Rate Return);

/// <summary>An asset class at a date: its market value, the month's reported income if any, and its placements.</summary>
public sealed record ClassValue(AssetClass AssetClass, decimal MarketValueNok, decimal? ReportedIncomeNok, IReadOnlyList<PlacementValuationRow> Placements);

/// <summary>The fund at one valuation date.</summary>
public sealed record FundValuation(LocalDate Date, IReadOnlyDictionary<AssetClass, ClassValue> Classes)
{
    public decimal TotalNok => Classes.Values.Sum(c => c.MarketValueNok);

    public decimal ValueOf(AssetClass c) => Classes.TryGetValue(c, out var v) ? v.MarketValueNok : 0m;

    /// <summary>
    /// The fund at <paramref name="date"/> from its stored rows. A class's value is the sum of its placements' values
    /// when any placement of the class is valued at that date, otherwise the class-level value; its reported income the
    /// placements' incomes when all of them report one, else the class row's.
    /// </summary>
    public static FundValuation Combine(LocalDate date, IReadOnlyList<PlacementValuationRow> placements, IReadOnlyList<ClassValuationRow> classRows)
    {
        var result = new Dictionary<AssetClass, ClassValue>();
        foreach (var assetClass in AssetClasses.All)
        {
            var code = assetClass.Code();
            var ofClass = placements.Where(p => p.AssetClass == code).ToList();
            var classRow = classRows.FirstOrDefault(r => r.AssetClass == code);
            if (ofClass.Count > 0)
            {
                var income = ofClass.All(p => p.IncomeNok.HasValue) ? ofClass.Sum(p => p.IncomeNok!.Value) : classRow?.IncomeNok;
                result[assetClass] = new ClassValue(assetClass, ofClass.Sum(p => p.MarketValueNok), income, ofClass);
            }
            else if (classRow is not null)
            {
                result[assetClass] = new ClassValue(assetClass, classRow.MarketValueNok, classRow.IncomeNok, []);
            }
        }
        return new FundValuation(date, result);
    }
}

/// <summary>
/// One month of the fund: the whole fund's and each class's income and return, and the composite benchmark.
/// <c>UnattributedFlowsNok</c> is the month's fund-level flows (no class or placement): the total's
/// return uses them exactly, while a class whose income is derived as change in value − its own flows carries the part
/// that fell on it as if it were income.
/// </summary>
public sealed record FundMonth(YearMonth Month, MonthReturn Total, IReadOnlyDictionary<AssetClass, MonthReturn> Classes, decimal? BenchmarkReturn,
    decimal UnattributedFlowsNok = 0m)
{
    /// <summary>What the class returns of the month rest on, when a fund-level flow is not attributed to a class; else null.</summary>
    public string? ClassBasis => UnattributedFlowsNok == 0m ? null
        : $"A fund-level flow of {UnattributedFlowsNok.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} NOK in {Month:yyyy-MM} is not attributed to a class: the total return uses it exactly; a class return derived from its change in value counts the part that fell on it as income.";
}

/// <summary>The CPI index levels a real-value target uses, the year the second is of, and what the target rests on.</summary>
public sealed record RealValueCpi(int BaseYear, decimal CpiIndexBaseYear, int CpiIndexYearOf, decimal CpiIndexYear, bool Published, string Basis);

/// <summary>The returns of a calendar year (or of its first months), month by month and chain-linked; returns are fractions (0.07134).</summary>
public sealed record FundYearReturns(
    int Year,
    IReadOnlyList<FundMonth> Months,
    decimal Ytd,
    IReadOnlyDictionary<AssetClass, decimal> ClassYtd,
    decimal IncomeNok,
    decimal? BenchmarkYtd,
    string? BenchmarkSource,
    IReadOnlyDictionary<AssetClass, decimal> ClassBenchmarkYtd,
    IReadOnlyDictionary<AssetClass, decimal> ClassIncomeNok)
{
    public bool FullYear => Months.Count == 12;
}

/// <summary>Stored benchmark returns, looked up by period and series.</summary>
public sealed class BenchmarkSet(IEnumerable<BenchmarkReturn> returns)
{
    private readonly Dictionary<(string, string), decimal> _byKey = returns.ToDictionary(r => (r.Period, r.Series), r => r.Return.Fraction);

    public decimal? Monthly(YearMonth month, string series) =>
        _byKey.TryGetValue((NodaTime.Text.YearMonthPattern.Iso.Format(month), series), out var r) ? r : null;

    /// <summary>
    /// A year's benchmark return for the months the fund covers. For a full year, the published annual figure wins
    /// when one is loaded: the index provider computes it from unrounded index levels, while chaining twelve monthly
    /// figures rounded to 0.1 pp drifts (2025: published 6.7 %, chain of the printed months 6.836 %). Otherwise the
    /// chain of the monthly figures, when every covered month has one.
    /// </summary>
    public (decimal? Return, string? Source) Year(int year, string series, IReadOnlyList<YearMonth> months)
    {
        if (months.Count == 12 && _byKey.TryGetValue((year.ToString(System.Globalization.CultureInfo.InvariantCulture), series), out var annual))
        {
            return (annual, "publishedAnnual");
        }
        var monthly = months.Select(m => Monthly(m, series)).ToList();
        return monthly.Count > 0 && monthly.All(m => m.HasValue)
            ? (Returns.ChainLinked(monthly.Select(m => m!.Value)), "monthlyChain")
            : (null, null);
    }
}
