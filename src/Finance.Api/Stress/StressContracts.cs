using Finance.Api.Infrastructure;
using System.ComponentModel;
using Finance.Core.Common;
using NodaTime;

namespace Finance.Api.Stress;

[Description("Part 1 inputs: bank deposits and debt.")]
public sealed record PartOneInput(
    [property: Description("Floating debt: all borrowing, on-lending included, whose rate resets within 12 months (NOK).")] decimal FloatingDebtNok,
    [property: Description("The debt's offsetting items (motposter): floating on-lending income, state rate compensation, fee-financed investments (NOK).")] decimal OffsetsNok,
    [property: Description("Short-term liquidity: bank deposits at the date (NOK).")] decimal DepositsNok,
    [property: Description("Rate rise in percent; default from the regulations in force (2).")] decimal? RateShockPct = null,
    [property: Description("Counterparty loss on deposits in percent; default from the regulations (3).")] decimal? CounterpartyLossPct = null);

[Description("A fund holding for part 2.")]
public sealed record HoldingInput(
    AssetClass AssetClass,
    decimal MarketValueNok,
    [property: Description("Interest-rate duration in years, for bonds and cash/money market (cash defaults to the regulations' money-market duration, 0.01).")] decimal? DurationYears = null);

[Description("Part 2 inputs: the fund's holdings.")]
public sealed record PartTwoInput(
    IReadOnlyList<HoldingInput> Holdings,
    decimal? RateShockPct = null,
    [property: Description("Fall in equity prices in percent; default from the regulations (50).")] decimal? EquityShockPct = null);

[Description("The risk frame (risikoramme): target risk and maximum frame in NOK.")]
public sealed record RiskFrameInput(decimal TargetNok, decimal MaxNok);

[Description("The two-part stress test on explicit inputs. Omitted shocks and frame come from the regulations in force at `asOf` (default today).")]
public sealed record StressPreviewInput(
    PartOneInput PartOne,
    PartTwoInput PartTwo,
    [property: Description("Bufferkapital of the fund (NOK): part 2 is reported as a share of it.")] decimal BufferCapitalNok,
    RiskFrameInput? RiskFrame = null,
    LocalDate? AsOf = null);

[Description("Run the stress test from the registers at `asOf` and store it.")]
public sealed record StressRunInput(LocalDate AsOf);

public sealed record StressLineDto(
    string Key,
    [property: Description("The row label as in the report (Tabell 4.1 / 4.2).")] string Label,
    decimal FactorPct,
    decimal? DurationYears,
    [property: Description("The base (beholdning) in NOK.")] decimal BaseNok,
    [property: Description("Loss in percent of the base (negative: a gain that offsets).")] decimal LossPct,
    decimal LossNok);

public sealed record PartOneDto(IReadOnlyList<StressLineDto> Lines, decimal NetRateEffectNok, decimal CounterpartyNok, decimal TotalNok);

public sealed record PartTwoDto(IReadOnlyList<StressLineDto> Lines, decimal TotalNok, decimal FundValueNok, [property: Description("Part 2 in percent of the fund's value.")] decimal PctOfFund);

public sealed record RiskFrameDto(decimal TargetNok, decimal MaxNok, [property: Description("`withinTarget`, `belowMaximum` or `aboveMaximum` (a breach).")] string Status);

public sealed record StressParametersUsedDto(decimal RateShockPct, decimal CounterpartyLossPct, decimal EquityShockPct, decimal MoneyMarketDurationYears, long? PolicyVersion);

public sealed record StressOffsetDto(string Item, decimal AmountNok, string? Note = null);

[Description("Everything the result was computed from.")]
public sealed record StressInputsDto(
    decimal FloatingDebtNok,
    decimal OffsetsNok,
    decimal DepositsNok,
    IReadOnlyList<HoldingInput> Holdings,
    decimal BufferCapitalNok,
    IReadOnlyList<StressOffsetDto>? OffsetItems = null,
    IReadOnlyList<string>? Sources = null);

public sealed record StressResultDto(
    PartOneDto PartOne,
    PartTwoDto PartTwo,
    decimal BufferCapitalNok,
    [property: Description("Part 2 in percent of the buffer capital (bufferkapital).")] decimal? PartTwoPctOfBuffer,
    decimal TotalNok,
    RiskFrameDto RiskFrame,
    StressParametersUsedDto Parameters,
    StressInputsDto Inputs);

[Description("A stored stress test: immutable evidence with the inputs, the regulations' version and a content hash.")]
public sealed record StoredStressTestDto(
    long Id,
    LocalDate AsOf,
    Instant CreatedAt,
    string CreatedBy,
    long PolicyVersion,
    [property: Description("SHA-256 of the result (partOne … inputs) as stored, hex.")] string ContentHash,
    StressResultDto Result);

[Description("The offsetting items (motposter) of the debt as at a date; replaces the set for that date.")]
[ReadOnlyMembers("asOf", "totalNok")]
public sealed record StressOffsetsInput(IReadOnlyList<StressOffsetDto> Items);

public sealed record StressOffsetsDto(LocalDate? AsOf, decimal TotalNok, IReadOnlyList<StressOffsetDto> Items);
