using System.ComponentModel;
using NodaTime;

namespace Finance.Api.Liquidity;

[Description("A bank account of the short-term liquidity.")]
public sealed record BankAccountInput(
    [property: Description("Stable id, e.g. `dnb-main` (letters, digits, '-', '_', '.').")] string AccountId,
    [property: Description("The bank (DNB, Danske Bank …).")] string Bank,
    string Name,
    [property: Description("At the main bank (hovedbank).")] bool IsMainBank = false,
    [property: Description("Counts toward the main-bank cap (default: same as isMainBank).")] bool? CountsTowardMainBankCap = null);

public sealed record BankAccountDto(string AccountId, string Bank, string Name, bool IsMainBank, bool CountsTowardMainBankCap);

[Description("An account's end-of-day balance. Negative = overdraft.")]
public sealed record DailyBalanceInput(string AccountId, LocalDate Date, decimal BalanceNok);

public sealed record DailyBalanceDto(string AccountId, LocalDate Date, decimal BalanceNok);

public sealed record BalancesStored(int Stored, LocalDate? From, LocalDate? To);

public sealed record TertialDto(
    [property: Description("1 = January–April, 2 = May–August, 3 = September–December.")] int Tertial,
    LocalDate From,
    LocalDate To,
    int Days,
    [property: Description("Average daily liquidity of the tertial.")] decimal? AverageNok,
    [property: Description("`computed` from daily balances, `reported` (published figure, no daily balances in the tertial) or `none`.")] string AverageSource,
    [property: Description("Total balance at the tertial's last day.")] decimal? EndBalanceNok,
    string EndBalanceSource,
    [property: Description("Days with a balance (recorded or carried forward).")] int DaysWithBalances,
    [property: Description("Days on which at least one account's balance was carried forward from an earlier day.")] int DaysCarriedForward);

public sealed record CapBreachDto(LocalDate Date, decimal BalanceNok, decimal ExcessNok, bool CarriedForward);

public sealed record MainBankCapDto(
    decimal LimitNok,
    decimal? MaxObservedNok,
    LocalDate? MaxObservedDate,
    int DaysChecked,
    IReadOnlyList<CapBreachDto> Breaches,
    [property: Description("`computed` from daily balances, or `none` when no daily balance of a capped account exists (published figures cannot show the daily cap).")] string Source);

public sealed record DepositReturnDto(decimal DepositReturnPct, decimal Nibor3mPct, decimal ExcessPp, string Source);

[Description("Short-term liquidity of a year (Finansrapport kap. 2).")]
public sealed record LiquiditySummaryDto(
    int Year,
    [property: Description("The last day counted: the year end for a past year, else the last day with a balance.")] LocalDate Through,
    [property: Description("Average daily liquidity of the year.")] decimal? AverageDailyNok,
    [property: Description("`computed` (mean of daily balances), `reported` (day-weighted mean of published tertial averages), `mixed` or `none`.")] string Source,
    decimal? PriorYearAverageDailyNok,
    decimal? ChangeVsPriorYearNok,
    IReadOnlyList<TertialDto> Tertials,
    MainBankCapDto MainBankCap,
    DepositReturnDto? DepositReturn,
    int DaysWithBalances,
    int DaysCarriedForward,
    [property: Description("How missing days are treated.")] string CarryForward,
    IReadOnlyList<string> Notes);

public sealed record TertialAverageInput(int Tertial, decimal AverageNok);

public sealed record ReportedBalanceInput(LocalDate Date, decimal BalanceNok);

[Description("Published liquidity figures of a year, used only where no daily balances exist.")]
public sealed record ReportedLiquidityInput(IReadOnlyList<TertialAverageInput>? TertialAverages = null, IReadOnlyList<ReportedBalanceInput>? Balances = null);

[Description("The year's return on bank deposits and the benchmark (3-month Nibor, yearly average), in percent.")]
public sealed record LiquidityRatesInput(decimal DepositReturnPct, decimal Nibor3mPct);
