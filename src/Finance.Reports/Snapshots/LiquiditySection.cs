using System.Data.Common;
using System.Text.Json.Serialization;
using System.Globalization;
using Finance.Core.Common;
using Finance.Core.Liquidity;
using Finance.Core.Policy;
using Finance.Data.Debt;
using Finance.Data.Liquidity;
using Finance.Data.Policy;
using NodaTime;
using NodaTime.Text;

namespace Finance.Reports.Snapshots;

/// <summary>
/// Short-term liquidity (kortsiktig likviditet, Finansrapport kap. 2) of the snapshot's year up to its date: the same
/// figures as <c>GET /api/liquidity/summary</c> (<see cref="LiquidityFigures.ForYear"/>) — average daily liquidity per
/// tertial and for the year, balances at the tertial ends (Tabell 2.1), the main-bank cap — and the year before for
/// Figur 2.1. Each figure says whether it is <c>computed</c> from daily balances or <c>reported</c> (published).
/// </summary>
public sealed record LiquiditySection(
    int Year,
    LocalDate Through,
    decimal? AverageDailyNok,
    [property: JsonPropertyName("source")] string AverageSource,
    decimal? PublishedAverageDailyNok,
    IReadOnlyList<LiquidityTertial> Tertials,
    LiquidityPriorYear? PriorYear,
    IReadOnlyList<LiquidityBalance> Balances,
    LiquidityCap MainBankCap,
    LiquidityDepositReturn? DepositReturn,
    IReadOnlyList<LiquidityAccount> Accounts,
    [property: JsonPropertyName("daysWithBalances")] int DaysCovered,
    int DaysCarriedForward);

/// <summary>A tertial that has begun by the snapshot date: average (and its source), balance at its last day when that day has passed.</summary>
public sealed record LiquidityTertial(int Tertial, LocalDate From, LocalDate To, int Days, decimal? AverageNok, string AverageSource,
    decimal? EndBalanceNok, string EndBalanceSource, [property: JsonPropertyName("daysWithBalances")] int DaysCovered, int DaysCarriedForward);

/// <summary>The year before: its average daily liquidity and tertial averages (Figur 2.1, "mer enn i fjor").</summary>
public sealed record LiquidityPriorYear(int Year, decimal? AverageDailyNok, string AverageSource, IReadOnlyList<LiquidityTertial> Tertials);

/// <summary>Bank deposits at a date (Tabell 2.1 column): <c>computed</c> from daily balances, <c>reported</c> (published) or <c>none</c>.</summary>
public sealed record LiquidityBalance(LocalDate Date, decimal? BalanceNok, string Source);

/// <summary>
/// The finansreglement's cap on deposits in the main bank: the limit (<c>policy</c>, or the 2.0 bn <c>default</c> the API
/// uses when the regulations hold none), the days checked (0: no daily balances, not checkable) and every day above it.
/// </summary>
public sealed record LiquidityCap(decimal LimitNok, string LimitSource, decimal? MaxObservedNok, LocalDate? MaxObservedDate, int DaysChecked,
    IReadOnlyList<LiquidityCapBreach> Breaches);

public sealed record LiquidityCapBreach(LocalDate Date, decimal BalanceNok, decimal ExcessNok, bool CarriedForward);

/// <summary>Return on deposits vs 3-month Nibor (yearly averages) for a year that has ended.</summary>
public sealed record LiquidityDepositReturn(decimal DepositReturnPct, decimal Nibor3mPct, decimal ExcessPp, string Source);

public sealed record LiquidityAccount(string AccountId, string Bank, string Name, bool IsMainBank, bool CountsTowardMainBankCap);

public static class LiquiditySectionBuilder
{

    /// <summary>
    /// The liquidity section through <paramref name="asOf"/>, or null (with a note) when the year has neither daily
    /// balances nor published figures. Published figures count only when their period has ended by the snapshot date.
    /// </summary>
    public static LiquiditySection? Build(DbConnection c, DbTransaction tx, LocalDate asOf, PolicyInForce? policy, List<string> notes)
    {
        var year = asOf.Year;
        var accounts = LiquidityStore.Accounts(c, tx).Select(a => a.ToAccount()).ToList();
        var (limit, limitFromPolicy) = LiquidityFigures.MainBankCapLimit(policy);
        var current = LiquidityYears.Through(c, accounts, year, asOf, limit, tx, publishedBy: asOf);
        var reportedRows = LiquidityYears.Ended(LiquidityStore.ReportedForYear(c, year, tx), asOf);
        if (current.DaysCovered == 0 && current.AverageSource == "none" && current.Tertials.All(t => t.EndBalanceSource == "none"))
        {
            notes.Add($"Likviditeten har verken daglige saldoer eller publiserte tall for {year} til og med {asOf:dd.MM.yyyy}.");
            return null;
        }

        var priorEnd = new LocalDate(year - 1, 12, 31);
        var prior = LiquidityYears.Through(c, accounts, year - 1, priorEnd, limit, tx, publishedBy: priorEnd);
        var priorYear = prior.AverageSource == "none" && prior.DaysCovered == 0 ? null
            : new LiquidityPriorYear(year - 1, prior.AverageDailyNok, prior.AverageSource, prior.Tertials.Select(Tertial).ToList());

        var tabell = new List<LiquidityBalance>
        {
            new(priorEnd, prior.Tertials[2].EndBalanceNok, prior.Tertials[2].EndBalanceSource),
        };
        tabell.AddRange(current.Tertials.Where(t => t.To <= asOf).Select(t => new LiquidityBalance(t.To, t.EndBalanceNok, t.EndBalanceSource)));
        if (tabell.All(b => b.Date != asOf))
        {
            var balances = LiquidityStore.BalancesForYear(c, year, tx).Where(b => b.Date <= asOf).ToList();
            var day = LiquidityFigures.Series(accounts, balances, asOf, asOf).SingleOrDefault();
            var published = LiquidityStore.Reported(reportedRows).Balances;
            tabell.Add(day is not null ? new LiquidityBalance(asOf, day.TotalNok, "computed")
                : published.TryGetValue(asOf, out var p) ? new LiquidityBalance(asOf, p, "reported") : new LiquidityBalance(asOf, null, "none"));
        }

        if (current.AverageSource is "reported" or "mixed")
        {
            notes.Add($"Likviditet {year}: daglige saldoer mangler for hele eller deler av året; gjennomsnittet bygger på publiserte tertialgjennomsnitt (dagvektet).");
        }
        if (current.MainBankCap.DaysChecked == 0)
        {
            notes.Add("Taket på innskudd i hovedbanken kan ikke kontrolleres uten daglige saldoer for kontoene som teller mot taket.");
        }
        if (!limitFromPolicy)
        {
            notes.Add("Finansreglementet i kraft har ingen grense for innskudd i hovedbanken; standardgrensen 2,0 mrd. er brukt.");
        }

        var cap = current.MainBankCap;
        return new LiquiditySection(
            year, current.Through, current.AverageDailyNok, current.AverageSource,
            LiquidityYears.Number(reportedRows, "average_daily_liquidity"),
            current.Tertials.Where(t => t.From <= asOf).Select(Tertial).ToList(),
            priorYear,
            tabell,
            new LiquidityCap(cap.LimitNok, limitFromPolicy ? "policy" : "default", cap.MaxObservedNok, cap.MaxObservedDate, cap.DaysChecked,
                cap.Breaches.Select(b => new LiquidityCapBreach(b.Date, b.BalanceNok, b.ExcessNok, b.CarriedForward)).ToList()),
            DepositReturn(reportedRows),
            accounts.Select(a => new LiquidityAccount(a.AccountId, a.Bank, a.Name, a.IsMainBank, a.CountsTowardMainBankCap)).ToList(),
            current.DaysCovered, current.DaysCarriedForward);
    }

    private static LiquidityTertial Tertial(TertialLiquidity t) =>
        new(t.Tertial, t.From, t.To, t.Days, t.AverageNok, t.AverageSource, t.EndBalanceNok, t.EndBalanceSource, t.DaysCovered, t.DaysCarriedForward);

    private static LiquidityDepositReturn? DepositReturn(IReadOnlyList<ReportedFigureRow> rows) =>
        LiquidityYears.DepositReturn(rows) is { } d ? new LiquidityDepositReturn(d.DepositReturnPct, d.Nibor3mPct, d.ExcessPp, d.Source) : null;
}
