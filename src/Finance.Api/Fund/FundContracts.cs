using System.ComponentModel;
using Finance.Api.Infrastructure;
using Finance.Core.Common;
using NodaTime;

namespace Finance.Api.Fund;

[Description("A placement (an individual fund or the fund's bank account) in one asset class.")]
public sealed record PlacementDto(
    [property: Description("Stable id, e.g. `klp-aksjeglobal-indeks` (letters, digits, dashes).")] string PlacementId,
    string Name,
    AssetClass AssetClass,
    string? Manager = null,
    [property: Description("The benchmark index the placement is measured against.")] string? BenchmarkIndex = null,
    [property: Description("SFDR article (6, 8 or 9).")] int? SfdrArticle = null);

[Description("A month-end market value of one placement or of a whole asset class (give exactly one of the two).")]
public sealed record ValuationInput(
    [property: Description("The month end the value is for (must be the last day of a month).")] LocalDate Date,
    [property: Description("Market value in NOK (≥ 0).")] decimal MarketValueNok,
    [property: Description("The placement valued, or omit and give `assetClass` for a class-level value.")] string? PlacementId = null,
    [property: Description("The asset class valued (only when `placementId` is omitted).")] AssetClass? AssetClass = null,
    [property: Description("The month's financial income (finansinntekter) as reported by the manager: value change incl. fees, flows excluded. When given, the month's return uses it; otherwise income = change in value − flows.")] decimal? IncomeNok = null,
    [property: Description("Interest-rate duration (rentedurasjon) in years, for bond placements.")] decimal? InterestDurationYears = null,
    [property: Description("Credit duration (kredittdurasjon) in years, for bond placements.")] decimal? CreditDurationYears = null);

[Description("A stored valuation.")]
public sealed record ValuationDto(LocalDate Date, string? PlacementId, AssetClass AssetClass, decimal MarketValueNok, decimal? IncomeNok, decimal? InterestDurationYears, decimal? CreditDurationYears);

public enum FlowKind
{
    Withdrawal,
    Deposit,
    Transfer,
}

[Description("Money into (+) or out of (−) the fund, a placement or an asset class: the yearly withdrawal (uttak), a deposit, or a rebalancing transfer between classes. Without `placementId` and `assetClass` it is a fund-level flow. The flow's `id` (as GET returns it) is accepted and ignored.")]
[ReadOnlyMembers("id")]
public sealed record FlowInput(
    LocalDate Date,
    [property: Description("NOK; negative for a withdrawal, positive for a deposit; a transfer is negative on the class it leaves and positive on the class it enters.")] decimal AmountNok,
    [property: Description("The placement the flow went to or came from; omit with `assetClass` for a fund-level flow.")] string? PlacementId = null,
    [property: Description("The class the flow fell on; omit (with `placementId`) for a fund-level flow, which the total return uses exactly and no class return attributes.")] AssetClass? AssetClass = null,
    [property: Description("Defaults from the sign: withdrawal (< 0) or deposit (> 0).")] FlowKind? Kind = null,
    string? Note = null,
    [property: Description("The bank's transaction id (optional, unique): the same reference again returns the stored flow, never a second row.")] string? Reference = null);

public sealed record FlowDto(long Id, LocalDate Date, string? PlacementId,
    [property: Description("Null for a fund-level flow.")] AssetClass? AssetClass, decimal AmountNok, FlowKind Kind, string? Note, string? Reference);

public enum BenchmarkSeries
{
    Composite,
    Equities,
    Bonds,
}

[Description("A benchmark return: monthly (`month`) or a published annual figure (`year`) — give exactly one.")]
public sealed record BenchmarkReturnInput(
    BenchmarkSeries Series,
    [property: Description("Percent, e.g. 1.6 for 1.6 %.")] decimal ReturnPct,
    YearMonth? Month = null,
    int? Year = null);

public sealed record BenchmarkReturnDto(string Period, BenchmarkSeries Series, decimal ReturnPct);

public sealed record MonthReturnDto(
    YearMonth Month,
    decimal? TotalPct,
    decimal? EquitiesPct,
    decimal? BondsPct,
    decimal? CashPct,
    decimal? BenchmarkPct,
    decimal? ExcessPct,
    decimal IncomeNok,
    [property: Description("True when every class's income is the manager's reported figure; false when derived as change in value − flows.")] bool IncomeReported,
    [property: Description("The month's fund-level flows (no class or placement), NOK: in the total's return exactly, attributed to no class.")] decimal UnattributedFlowsNok,
    [property: Description("Set when a fund-level flow is not attributed to a class: what the month's class returns rest on.")] string? ClassBasis);

public sealed record YtdReturnDto(
    decimal TotalPct,
    decimal? EquitiesPct,
    decimal? BondsPct,
    decimal? BenchmarkPct,
    decimal? ExcessPct,
    decimal? EquitiesBenchmarkPct,
    decimal? BondsBenchmarkPct,
    decimal? EquitiesExcessPct,
    decimal? BondsExcessPct,
    decimal IncomeNok,
    int MonthsCovered,
    [property: Description("`publishedAnnual` (the loaded annual benchmark figure, used for a full year) or `monthlyChain`.")] string? BenchmarkSource,
    [property: Description("The year's withdrawal: the net of the fund's external flows dated in the year (minus their sum; transfers between classes net to zero). 2025: 69 600 000.")] decimal WithdrawalsNok);

public sealed record FundReturnsDto(int Year, IReadOnlyList<MonthReturnDto> Months, YtdReturnDto Ytd, string Method);

public sealed record HistoryYearDto(
    int Year,
    decimal PeriodYears,
    decimal ReturnPct,
    decimal? BenchmarkPct,
    decimal? ExcessPct,
    decimal AccumulatedPct,
    decimal? BenchmarkAccumulatedPct,
    decimal? ReturnNok,
    [property: Description("`computed` from the system's monthly data or `loaded` history.")] string Source,
    [property: Description("The loaded (published) figure for a year the system computes, for comparison.")] decimal? PublishedReturnPct);

public sealed record ReturnHistoryDto(
    IReadOnlyList<HistoryYearDto> Years,
    decimal TotalYears,
    decimal? AverageAnnualPct,
    decimal? BenchmarkAverageAnnualPct,
    string Method);

[Description("A year of history as published. The members only the history list computes (`year`, `excessPct`, `accumulatedPct`, `benchmarkAccumulatedPct`, `source`, `publishedReturnPct`) are accepted and ignored.")]
[ReadOnlyMembers("year", "excessPct", "accumulatedPct", "benchmarkAccumulatedPct", "source", "publishedReturnPct")]
public sealed record HistoryInput(
    [property: Description("Length of the year's period in years (0.5 for the fund's first half year).")] decimal PeriodYears,
    decimal ReturnPct,
    decimal? BenchmarkPct = null,
    decimal? ReturnNok = null);

public sealed record RiskDto(
    LocalDate AsOf,
    decimal? StdDev36mPct,
    decimal? TrackingError36mPct,
    int MonthsAvailable,
    decimal? InterestDurationYears,
    decimal? CreditDurationYears,
    LocalDate? DurationDate,
    IReadOnlyList<string> Notes);

public sealed record RealValueDto(
    int Year,
    LocalDate ValuationDate,
    decimal TargetNok,
    decimal Factor,
    decimal MarketValueNok,
    decimal SurplusNok,
    decimal GrunnkapitalNok,
    decimal BufferCapitalNok,
    decimal BufferSharePct,
    decimal RealValueBaseNok,
    int RealValueBaseYear,
    [property: Description("The CPI index level of the base year (SSB KPI, 78.7 for 2002): an index, not a year.")] decimal CpiIndexBaseYear,
    [property: Description("The CPI index level of the year, or of the latest published year when the year's CPI is not yet published (see `cpiIndexYearOf`).")] decimal CpiIndexYear,
    [property: Description("The year whose CPI the target uses: the year itself once its CPI is published, else the latest published year.")] int CpiIndexYearOf,
    [property: Description("What the target rests on; says so when the year's CPI is not yet published.")] string Basis);

public sealed record FundParametersDto(
    [property: Description("Grunnkapital: the fund's fixed nominal base capital in NOK.")] decimal GrunnkapitalNok,
    [property: Description("The real-value base in base-year kroner (1 804 000 000 2002-kroner).")] decimal RealValueBaseNok,
    [property: Description("The base year of the real-value base (2002).")] int RealValueBaseYear);

[ReadOnlyMembers("year")]
public sealed record CpiInput([property: Description("Annual-average consumer price index (SSB KPI), one base for the whole series.")] decimal Index);

public sealed record CpiDto(int Year, decimal Index);

public sealed record ClassHoldingDto(
    AssetClass AssetClass,
    decimal MarketValueNok,
    decimal WeightPct,
    decimal? StrategicPct,
    decimal? MinPct,
    decimal? MaxPct,
    bool? WithinBand,
    decimal? DeviationPp);

public sealed record PlacementHoldingDto(string PlacementId, string Name, AssetClass AssetClass, decimal MarketValueNok, decimal WeightPct, decimal? InterestDurationYears, decimal? CreditDurationYears);

public sealed record HoldingsDto(
    LocalDate AsOf,
    LocalDate ValuationDate,
    decimal TotalNok,
    IReadOnlyList<ClassHoldingDto> AssetClasses,
    IReadOnlyList<PlacementHoldingDto> Placements,
    long? PolicyVersion);
