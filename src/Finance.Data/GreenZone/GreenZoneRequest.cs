using System.ComponentModel;
using Finance.Core.Common;
using Finance.Core.GreenZone;
using NodaTime;

namespace Finance.Data.GreenZone;

// The request of a green-zone run and the position it starts from: shared by the API (its JSON contract) and the
// snapshot and compliance check, which make the default run of a month end.

[Description("The yearly withdrawal to the municipality (uttak), taken at each year end.")]
public sealed record WithdrawalDto(
    [property: Description("`none`, `fixedNominal` (the same NOK every year), `fixedReal` (today's NOK, growing with inflation) or `percentOfValue` (a share of the year-end value).")] WithdrawalKind Kind,
    [property: Description("NOK per year for the fixed kinds (omit to use the assumptions' amount).")] decimal? AmountNok = null,
    [property: Description("Percent of the year-end value for `percentOfValue` (omit to use the assumptions' percentage).")] decimal? Pct = null);

[Description("An asset class in the run. Omitted fields come from the policy's strategic weight and the assumptions in force.")]
public sealed record AssetClassInput(
    AssetClass AssetClass,
    [property: Description("Weight in the strategy, percent; the weights of the listed classes must add to 100. Default: the policy's strategic weight (100 when only one class is listed).")] decimal? WeightPct = null,
    [property: Description("Expected simple annual return E[1 + R] − 1, percent.")] decimal? ExpectedReturnPct = null,
    [property: Description("Volatility: the annual standard deviation of the log return, percent.")] decimal? VolatilityPct = null);

[Description("The correlation of two asset classes' log returns.")]
public sealed record CorrelationDto(AssetClass A, AssetClass B, [property: Description("Between −1 and 1.")] decimal Rho);

[Description("A green-zone run. Every field is optional: omitted values come from the stored data at `asOf` and the capital-market assumptions in force.")]
public sealed record GreenZoneRequest(
    [property: Description("The date of the fund's position (default: today). The market value is the latest valuation on or before it.")] LocalDate? AsOf = null,
    [property: Description("Years simulated, 1–50 (default from the assumptions: 15).")] int? HorizonYears = null,
    [property: Description("Simulated paths, 1–2 000 000 (default from the assumptions: 100 000).")] int? Paths = null,
    [property: Description("Random seed, 0 to 2⁵³ − 1. Default: the as-of date as yyyyMMdd, so a repeated request gives the same run.")] long? Seed = null,
    [property: Description("`monthly` or `annual` steps.")] StepFrequency? Steps = null,
    [property: Description("`monthly` (after every monthly step) or `yearly` rebalancing to the strategic weights.")] Rebalancing? Rebalancing = null,
    [property: Description("The fund's market value at the start (default: the valuation at `asOf`).")] decimal? MarketValueNok = null,
    [property: Description("Today's real-value target (default: the real-value base × CPI(asOf year) / CPI(base year)).")] decimal? RealValueTargetNok = null,
    [property: Description("Grunnkapital (default: the fund parameters).")] decimal? GrunnkapitalNok = null,
    [property: Description("Yearly inflation, percent (deterministic).")] decimal? InflationPct = null,
    WithdrawalDto? Withdrawal = null,
    [property: Description("The classes of the portfolio. When given, only these are simulated.")] List<AssetClassInput>? AssetClasses = null,
    [property: Description("Correlations that replace the assumed ones for these pairs.")] List<CorrelationDto>? Correlations = null,
    [property: Description("Annual costs deducted, percent.")] decimal? CostPct = null,
    [property: Description("The green-zone threshold, percent (default: the policy limit `fund.green_zone`, 80).")] decimal? GreenZoneThresholdPct = null);

[Description("The fund position the run starts from.")]
public sealed record GreenZoneStartDto(
    LocalDate AsOf,
    [property: Description("The valuation date the market value comes from (null when the request gave `marketValueNok`).")] LocalDate? ValuationDate,
    decimal MarketValueNok,
    [property: Description("Today's real-value target (realverdi).")] decimal RealValueTargetNok,
    decimal GrunnkapitalNok,
    [property: Description("Bufferkapital = market value − grunnkapital.")] decimal BufferCapitalNok);
