using System.ComponentModel;
using Finance.Core.Common;
using Finance.Core.GreenZone;
using Finance.Data.GreenZone;
using NodaTime;

namespace Finance.Api.GreenZone;

[Description("An asset class as simulated.")]
public sealed record AssetClassUsedDto(AssetClass AssetClass, decimal WeightPct, decimal ExpectedReturnPct, decimal VolatilityPct);

[Description("The capital-market assumptions the run used (the version in force, with the request's overrides applied).")]
public sealed record AssumptionsUsedDto(
    [property: Description("The stored version the defaults came from.")] int Version,
    decimal InflationPct,
    WithdrawalDto Withdrawal,
    StepFrequency Steps,
    Rebalancing Rebalancing,
    decimal CostPct,
    List<AssetClassUsedDto> AssetClasses,
    List<CorrelationDto> Correlations,
    [property: Description("Σ weight × expected return of the strategy, percent.")] decimal PortfolioExpectedReturnPct,
    [property: Description("√(wᵀΣw), the strategy's annual log volatility, percent.")] decimal PortfolioVolatilityPct);

[Description("The fund at one year end: its real-value target, the mean and the percentile bands (nearest rank over all paths) in NOK and in today's kroner.")]
public sealed record GreenZoneYearDto(
    int Year,
    decimal RealValueTargetNok,
    decimal ExpectedNok,
    decimal ExpectedRealNok,
    decimal P5Nok,
    decimal P25Nok,
    decimal P50Nok,
    decimal P75Nok,
    decimal P95Nok,
    decimal P5RealNok,
    decimal P25RealNok,
    decimal P50RealNok,
    decimal P75RealNok,
    decimal P95RealNok);

[Description("""
    A stored green-zone run. `probabilityRealValueKeptPct` is P(market value at the horizon > the real-value target at
    the horizon); `probabilityBufferLostPct` is P(market value at the horizon < grunnkapital), and
    `probabilityBufferLostAnyYearPct` the same at any year end. Each probability has its Monte Carlo standard error.
    `expectedRealValueNok` is the expected real value: the mean over the paths of the market value at the horizon in
    today's kroner (divided by (1 + inflation)^horizon); `realValueTargetAtHorizonNok` is the real-value target at the
    horizon (the report's "estimert realverdi": today's target grown by inflation); `expectedMarketValueNok` is the mean
    market value at the horizon in nominal kroner.
    """)]
public sealed record GreenZoneRunDto(
    string Id,
    Instant CreatedAt,
    string EngineVersion,
    int AssumptionsVersion,
    long Seed,
    int Paths,
    int HorizonYears,
    decimal ProbabilityRealValueKeptPct,
    decimal ProbabilityRealValueKeptStandardErrorPct,
    decimal ProbabilityBufferLostPct,
    decimal ProbabilityBufferLostStandardErrorPct,
    decimal ProbabilityBufferLostAnyYearPct,
    decimal ProbabilityBufferLostAnyYearStandardErrorPct,
    decimal ExpectedRealValueNok,
    decimal RealValueTargetAtHorizonNok,
    decimal ExpectedMarketValueNok,
    decimal MedianMarketValueNok,
    decimal MedianMarketValueRealNok,
    GreenZoneStatus Zone,
    decimal GreenZoneThresholdPct,
    GreenZoneStartDto Start,
    AssumptionsUsedDto Assumptions,
    List<GreenZoneYearDto> Percentiles);

[Description("An asset class's capital-market assumption.")]
public sealed record ClassAssumptionDto(
    AssetClass AssetClass,
    [property: Description("Expected simple annual return E[1 + R] − 1, percent.")] decimal ExpectedReturnPct,
    [property: Description("Annual standard deviation of the log return, percent.")] decimal VolatilityPct,
    string? Source = null);

[Description("A correlation with the reason it was chosen.")]
public sealed record CorrelationAssumptionDto(AssetClass A, AssetClass B, decimal Rho, string? Source = null);

[Description("A version of the capital-market assumptions (kapitalmarkedsforutsetninger).")]
public sealed record AssumptionsDto(
    int Version,
    LocalDate ValidFrom,
    string Name,
    decimal InflationPct,
    WithdrawalDto Withdrawal,
    StepFrequency Steps,
    Rebalancing Rebalancing,
    decimal CostPct,
    int Paths,
    int HorizonYears,
    List<ClassAssumptionDto> AssetClasses,
    List<CorrelationAssumptionDto> Correlations,
    string? Source,
    Instant CreatedAt,
    string CreatedBy);

[Description("A new version of the assumptions, in force from `validFrom`. Omitted fields, classes and pairs carry over from the version in force at `validFrom`.")]
public sealed record AssumptionsInput(
    LocalDate ValidFrom,
    string? Name = null,
    decimal? InflationPct = null,
    WithdrawalDto? Withdrawal = null,
    StepFrequency? Steps = null,
    Rebalancing? Rebalancing = null,
    decimal? CostPct = null,
    int? Paths = null,
    int? HorizonYears = null,
    List<ClassAssumptionDto>? AssetClasses = null,
    List<CorrelationAssumptionDto>? Correlations = null,
    [property: Description("Where the numbers come from (a study, an adviser's report, the treasury's reasoning).")] string? Source = null);
