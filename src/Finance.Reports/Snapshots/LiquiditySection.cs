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
        var policyLimit = policy?.Number("liquidity.main_bank_cap", l => l.Max);
        var limit = policyLimit ?? LiquidityFigures.DefaultMainBankCapNok;

        var balances = LiquidityStore.BalancesForYear(c, year, tx).Where(b => b.Date <= asOf).ToList();
        var reportedRows = Ended(LiquidityStore.ReportedForYear(c, year, tx), asOf);
        var current = LiquidityFigures.ForYear(year, accounts, balances, asOf, LiquidityStore.Reported(reportedRows), limit);
        if (current.DaysCovered == 0 && current.AverageSource == "none" && current.Tertials.All(t => t.EndBalanceSource == "none"))
        {
            notes.Add($"Likviditeten har verken daglige saldoer eller publiserte tall for {year} til og med {asOf:dd.MM.yyyy}.");
            return null;
        }

        var priorEnd = new LocalDate(year - 1, 12, 31);
        var prior = LiquidityFigures.ForYear(year - 1, accounts, LiquidityStore.BalancesForYear(c, year - 1, tx),
            priorEnd, LiquidityStore.Reported(Ended(LiquidityStore.ReportedForYear(c, year - 1, tx), priorEnd)), limit);
        var priorYear = prior.AverageSource == "none" && prior.DaysCovered == 0 ? null
            : new LiquidityPriorYear(year - 1, prior.AverageDailyNok, prior.AverageSource, prior.Tertials.Select(Tertial).ToList());

        var tabell = new List<LiquidityBalance>
        {
            new(priorEnd, prior.Tertials[2].EndBalanceNok, prior.Tertials[2].EndBalanceSource),
        };
        tabell.AddRange(current.Tertials.Where(t => t.To <= asOf).Select(t => new LiquidityBalance(t.To, t.EndBalanceNok, t.EndBalanceSource)));
        if (tabell.All(b => b.Date != asOf))
        {
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
        if (policyLimit is null)
        {
            notes.Add("Finansreglementet i kraft har ingen grense for innskudd i hovedbanken; standardgrensen 2,0 mrd. er brukt.");
        }

        var cap = current.MainBankCap;
        return new LiquiditySection(
            year, current.Through, current.AverageDailyNok, current.AverageSource,
            Number(reportedRows, "average_daily_liquidity"),
            current.Tertials.Where(t => t.From <= asOf).Select(Tertial).ToList(),
            priorYear,
            tabell,
            new LiquidityCap(cap.LimitNok, policyLimit is null ? "default" : "policy", cap.MaxObservedNok, cap.MaxObservedDate, cap.DaysChecked,
                cap.Breaches.Select(b => new LiquidityCapBreach(b.Date, b.BalanceNok, b.ExcessNok, b.CarriedForward)).ToList()),
            DepositReturn(reportedRows),
            accounts.Select(a => new LiquidityAccount(a.AccountId, a.Bank, a.Name, a.IsMainBank, a.CountsTowardMainBankCap)).ToList(),
            current.DaysCovered, current.DaysCarriedForward);
    }

    private static LiquidityTertial Tertial(TertialLiquidity t) =>
        new(t.Tertial, t.From, t.To, t.Days, t.AverageNok, t.AverageSource, t.EndBalanceNok, t.EndBalanceSource, t.DaysCovered, t.DaysCarriedForward);

    private static LiquidityDepositReturn? DepositReturn(IReadOnlyList<ReportedFigureRow> rows)
    {
        var deposit = rows.FirstOrDefault(r => r.Metric == LiquidityStore.DepositReturnMetric);
        if (Number(rows, LiquidityStore.DepositReturnMetric) is not { } dr || Number(rows, LiquidityStore.NiborMetric) is not { } nb)
        {
            return null;
        }
        return new LiquidityDepositReturn(dr, nb, LiquidityFigures.ExcessReturnPp(Rate.FromPercent(dr), Rate.FromPercent(nb)),
            deposit?.Source is "entered" ? "entered" : "reported");
    }

    private static decimal? Number(IEnumerable<ReportedFigureRow> rows, string metric) =>
        rows.FirstOrDefault(r => r.Metric == metric) is { } r && decimal.TryParse(r.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    /// <summary>Published figures whose period has ended by <paramref name="asOf"/> (a date, <c>yyyy-MM/yyyy-MM</c> or a year).</summary>
    private static IReadOnlyList<ReportedFigureRow> Ended(IEnumerable<ReportedFigureRow> rows, LocalDate asOf) =>
        rows.Where(r => PeriodEnd(r.Period) is { } end && end <= asOf).ToList();

    internal static LocalDate? PeriodEnd(string period)
    {
        if (LocalDatePattern.Iso.Parse(period) is { Success: true } d)
        {
            return d.Value;
        }
        var last = period.Contains('/', StringComparison.Ordinal) ? period[(period.IndexOf('/', StringComparison.Ordinal) + 1)..] : period;
        if (YearMonthPattern.Iso.Parse(last) is { Success: true } m)
        {
            return m.Value.OnDayOfMonth(1).With(DateAdjusters.EndOfMonth);
        }
        return last.Length == 4 && int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var y) ? new LocalDate(y, 12, 31) : null;
    }
}
