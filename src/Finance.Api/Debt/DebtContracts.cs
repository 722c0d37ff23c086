using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using Finance.Api.Infrastructure;
using Finance.Core.Debt;
using NodaTime;

namespace Finance.Api.Debt;

/// <summary>Reads a loan id given as a JSON string or a number (Note 25 numbers its loans 1–67).</summary>
public sealed class LoanIdConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number when reader.TryGetInt64(out var n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
        JsonTokenType.Null => null,
        _ => throw new JsonException("Expected the loan id as a string or a whole number."),
    };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

[Description("A loan of the register as it stands at `balanceDate`. Leases (OPS) are entered with `rateRiskExclusion: lease` and are kept apart from borrowing. The members only GET returns (`isLease`, `history`, `events`, `plan`) are accepted and ignored, so a loan as read can be sent back.")]
[ReadOnlyMembers("isLease", "history", "events", "plan")]
public sealed record LoanInput(
    [property: Description("Borrower's lender (långiver) as the finance report groups them: Kommunalbanken, Husbanken, KLP Banken, Obligasjonslån, Sertifikatlån …")] string Lender,
    LoanCategory Category,
    [property: Description("`fixed` (fastrente, also certificates) or `floating` (Nibor, flytende, P.t.).")] RateType RateType,
    [property: Description("Interest rate in percent (4.635 for 4.635 %).")] decimal RatePct,
    [property: Description("Outstanding balance in NOK at `balanceDate` (≥ 0).")] decimal BalanceNok,
    LocalDate BalanceDate,
    [property: Description("Final maturity (endelig forfall), after `balanceDate`.")] LocalDate MaturityDate,
    Amortisation Amortisation,
    [property: Description("Floating: the next reset date; fixed: the end of the fixed period (omit: fixed to maturity). Not after maturity.")] LocalDate? NextRateResetDate = null,
    [property: Description("Green loan (grønt lån).")] bool Green = false,
    [property: Description("Why the loan is outside the rate-exposed base. Default: `onLending` for on-lending loans, else `none`.")] RateRiskExclusion? RateRiskExclusion = null,
    [property: Description("Loan id; given as a string or a number. Omitted on POST: the next free number is used.")][property: JsonConverter(typeof(LoanIdConverter))] string? Id = null,
    [property: Description("Product as the lender names it (3 mnd Nibor Bullet, Husbanken fast, Sertifikat …).")] string? Product = null,
    [property: Description("Instalment plan of serial and annuity loans: 1, 2, 4 or 12 instalments a year, the last on final maturity (default 1).")] int? InstalmentsPerYear = null,
    string? Note = null);

public sealed record LoanDto(
    string Id,
    string Lender,
    string Product,
    LoanCategory Category,
    RateType RateType,
    decimal RatePct,
    decimal BalanceNok,
    LocalDate BalanceDate,
    LocalDate MaturityDate,
    Amortisation Amortisation,
    LocalDate? NextRateResetDate,
    bool Green,
    RateRiskExclusion RateRiskExclusion,
    int InstalmentsPerYear,
    [property: Description("True for a lease (OPS): kept apart from borrowing.")] bool IsLease,
    string? Note);

public sealed record LoanStateDto(LocalDate Date, decimal BalanceNok, decimal RatePct, LocalDate? NextRateResetDate, LocalDate MaturityDate);

[Description("An event of a loan. `newLoan` is written when a loan is registered with POST /api/loans.")]
public sealed record LoanEventInput(
    LocalDate Date,
    [property: Description("`drawdown`, `instalment` (avdrag), `redemption` (ekstraordinær innfrielse), `rateReset` (new rate and next reset), `refinancing` (new rate, reset, maturity and, if given, balance).")] LoanEventKind Kind,
    [property: Description("NOK: the amount drawn or repaid; for a refinancing the new balance (optional).")] decimal? AmountNok = null,
    [property: Description("New rate in percent (rateReset, refinancing).")] decimal? RatePct = null,
    LocalDate? NextRateResetDate = null,
    [property: Description("New final maturity (refinancing).")] LocalDate? MaturityDate = null,
    string? Note = null);

public sealed record LoanEventDto(long Id, string LoanId, LocalDate Date, LoanEventKind Kind, decimal? AmountNok, decimal? RatePct,
    LocalDate? NextRateResetDate, LocalDate? MaturityDate, string? Note);

public sealed record InstalmentDto(LocalDate Date, decimal PrincipalNok);

[Description("A loan with its balance history, events and the remaining instalment plan.")]
public sealed record LoanDetailDto(
    string Id, string Lender, string Product, LoanCategory Category, RateType RateType, decimal RatePct, decimal BalanceNok,
    LocalDate BalanceDate, LocalDate MaturityDate, Amortisation Amortisation, LocalDate? NextRateResetDate, bool Green,
    RateRiskExclusion RateRiskExclusion, int InstalmentsPerYear, bool IsLease, string? Note,
    IReadOnlyList<LoanStateDto> History, IReadOnlyList<LoanEventDto> Events, IReadOnlyList<InstalmentDto> Plan);

public sealed record LoanImportResult(int Imported, int Created, int Updated, IReadOnlyList<string> Ids);

public sealed record LenderDto(string Lender, decimal BalanceNok, decimal SharePct, decimal AverageRatePct, int Loans);

public sealed record MaturityBucketDto(string Bucket, decimal InvestmentNok, decimal OnLendingNok, decimal TotalNok,
    [property: Description("Investment part as % of total borrowing (Figur 3.2).")] decimal InvestmentPct,
    [property: Description("On-lending part as % of total borrowing (Figur 3.2).")] decimal OnLendingPct);

public sealed record FixingBucketDto(string Bucket, decimal TotalNok, decimal Pct);

[Description("A policy band of the finansreglement (in force at the date) and whether the figure is inside it.")]
public sealed record BandDto(
    [property: Description("Lower limit, in the unit of the figure (percent or years).")] decimal? Min,
    [property: Description("Upper limit, in the unit of the figure.")] decimal? Max,
    [property: Description("Inside the band, edges included; null when there is no band or no base.")] bool? Within);

public sealed record DebtServicePeriodDto(int Year, LocalDate From, LocalDate To, decimal InterestNok, decimal InstalmentsNok, decimal TotalNok,
    [property: Description("Bullet loans reaching final maturity: refinanced, not paid from the budget.")] decimal MaturitiesNok);

public sealed record RateSensitivityDto(decimal ShockPct, decimal ExtraInterest12mNok, decimal ExtraInterest4yNok);

public sealed record DebtServiceDto(DebtServicePeriodDto Next12m, IReadOnlyList<DebtServicePeriodDto> Years, decimal Total4yNok,
    IReadOnlyList<RateSensitivityDto> Sensitivity, string Method);

public sealed record ReportedFigureDto(string Period, string Metric, string Value, string? Unit, string? Note, string? Source);

[Description("The debt portfolio's key figures at `asOf` (Finansrapport kap. 3, Note 9).")]
public sealed record DebtSummaryDto(
    LocalDate AsOf,
    int LoanCount,
    decimal TotalNok,
    decimal InvestmentNok,
    decimal OnLendingNok,
    IReadOnlyList<LenderDto> ByLender,
    decimal WeightedAverageRatePct,
    decimal Refinancing12mNok,
    decimal Refinancing12mPct,
    BandDto Refinancing12mLimit,
    IReadOnlyList<MaturityBucketDto> MaturityBuckets,
    decimal RateExposedNok,
    decimal FixedNok,
    decimal FixedSharePct,
    BandDto FixedShareBand,
    IReadOnlyList<FixingBucketDto> FixingBuckets,
    decimal AverageFixingYears,
    [property: Description("The finansreglement's band for the rentebindingstid, in years.")] BandDto AverageFixingYearsBand,
    decimal BulletNok,
    decimal BulletSharePct,
    decimal GreenNok,
    decimal GreenSharePct,
    [property: Description("Stress test part 1 base: all borrowing (on-lending included) whose rate resets within 12 months.")] decimal FloatingWithin12mNok,
    [property: Description("Leases (OPS) outstanding, kept apart from borrowing.")] decimal LeasesNok,
    DebtServiceDto DebtService,
    [property: Description("Published figures for this date or year (for comparison; never used in the computation).")] IReadOnlyList<ReportedFigureDto> Reported,
    IReadOnlyList<string> Notes);

public sealed record LenderChangeDto(string Lender, decimal OpeningNok, decimal NewLoansNok, decimal InstalmentsNok, decimal MaturedNok,
    decimal NetChangeNok, decimal OtherNok, decimal ClosingNok);

public sealed record DebtChangesDto(LocalDate From, LocalDate To, IReadOnlyList<LenderChangeDto> ByLender, LenderChangeDto Total, string Method);

public sealed record OnLendingFigureInput(
    [property: Description("A balance date (yyyy-MM-dd) or a year (yyyy) for flows.")] string Period,
    [property: Description("What the figure is, e.g. `note6: Videreformidlingslån til privatpersoner`, `text: restanser`.")] string Item,
    decimal AmountNok,
    string? Note = null);

public sealed record OnLendingDto(
    LocalDate AsOf,
    [property: Description("Borrowing for on-lending outstanding at asOf (computed from the loan register).")] decimal BorrowedForOnLendingNok,
    IReadOnlyList<LenderDto> BorrowedByLender,
    [property: Description("Lending to households and others by category (Note 6), as loaded.")] IReadOnlyList<ReportedFigureDto> LendingByCategory,
    decimal? TotalLendingNok,
    decimal? DisbursedNok,
    decimal? RedemptionsNok,
    decimal? ArrearsNok,
    decimal? ArrearsPct,
    decimal? UnusedBorrowedFundsNok,
    IReadOnlyList<ReportedFigureDto> Figures);
