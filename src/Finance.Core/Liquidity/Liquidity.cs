using Finance.Core.Common;
using NodaTime;

namespace Finance.Core.Liquidity;

/// <summary>A bank account of the short-term liquidity: at the main bank (hovedbank, DNB) or a secondary bank.</summary>
public sealed record BankAccount(string AccountId, string Bank, string Name, bool IsMainBank, bool CountsTowardMainBankCap);

/// <summary>An account's end-of-day balance (negative = overdraft).</summary>
public sealed record DailyBalance(string AccountId, LocalDate Date, decimal BalanceNok);

/// <summary>
/// The day's total liquidity and the part that counts toward the main-bank cap, after carry-forward. <c>CarriedForward</c>:
/// at least one account's balance is carried from an earlier day; <c>CapCarriedForward</c>: the same for the capped accounts.
/// </summary>
public sealed record DailyTotal(LocalDate Date, decimal TotalNok, decimal? MainBankCapNok, bool CarriedForward, bool CapCarriedForward = false);

/// <summary>The report's tertials: T1 January–April, T2 May–August, T3 September–December (120/123/122 days; 121 for T1 in a leap year).</summary>
public static class Tertials
{
    public static int Of(LocalDate date) => (date.Month - 1) / 4 + 1;

    /// <summary>First and last day of a tertial (both inclusive).</summary>
    public static (LocalDate First, LocalDate Last) Range(int year, int tertial)
    {
        if (tertial is < 1 or > 3) throw new ArgumentOutOfRangeException(nameof(tertial), "A tertial is 1, 2 or 3.");
        var first = new LocalDate(year, (tertial - 1) * 4 + 1, 1);
        return (first, first.PlusMonths(4).PlusDays(-1));
    }

    public static int Days(int year, int tertial)
    {
        var (first, last) = Range(year, tertial);
        return Period.DaysBetween(first, last) + 1;
    }
}

/// <summary>Published figures used where no daily balances exist: tertial averages (Figur 2.1) and balances at dates (Tabell 2.1).</summary>
public sealed record ReportedLiquidity(IReadOnlyDictionary<int, decimal> TertialAverages, IReadOnlyDictionary<LocalDate, decimal> Balances)
{
    public static readonly ReportedLiquidity None = new(new Dictionary<int, decimal>(), new Dictionary<LocalDate, decimal>());
}

/// <summary>
/// One tertial: average daily liquidity and the balance at its last day. <c>Source</c> says where each comes from:
/// <c>computed</c> (daily balances, missing days carried forward), <c>reported</c> (published figure) or <c>none</c>.
/// </summary>
public sealed record TertialLiquidity(int Tertial, LocalDate From, LocalDate To, int Days, decimal? AverageNok, string AverageSource,
    decimal? EndBalanceNok, string EndBalanceSource, int DaysCovered, int DaysCarriedForward);

public sealed record CapBreach(LocalDate Date, decimal BalanceNok, decimal ExcessNok, bool CarriedForward);

/// <summary>The main-bank cap over the days checked: the limit, the highest main-bank total and every day above the limit.</summary>
public sealed record MainBankCapCheck(decimal LimitNok, decimal? MaxObservedNok, LocalDate? MaxObservedDate, int DaysChecked, IReadOnlyList<CapBreach> Breaches);

public sealed record LiquidityYear(int Year, LocalDate Through, decimal? AverageDailyNok, string AverageSource, IReadOnlyList<TertialLiquidity> Tertials,
    MainBankCapCheck MainBankCap, int DaysCovered, int DaysCarriedForward);

/// <summary>
/// Short-term liquidity figures (Finansrapport kap. 2: Tabell 2.1, Figur 2.1; main-bank cap of the finansreglement).
/// </summary>
public static class LiquidityFigures
{
    /// <summary>The main-bank cap when the regulations in force hold none: 2.0 bn NOK (finansreglement, L1715).</summary>
    public const decimal DefaultMainBankCapNok = 2_000_000_000m;

    /// <summary>The main-bank cap of the regulations in force (<c>liquidity.main_bank_cap</c> max), else the default; and which it is.</summary>
    public static (decimal LimitNok, bool FromPolicy) MainBankCapLimit(Policy.PolicyInForce? policy) =>
        policy?.Number("liquidity.main_bank_cap", l => l.Max) is { } limit ? (limit, true) : (DefaultMainBankCapNok, false);

    /// <summary>
    /// Daily totals from <paramref name="first"/> to <paramref name="last"/> (inclusive). Each account's balance on a day is its
    /// balance recorded that day, else its last recorded balance before (carried forward, also across a year end); an account
    /// with no balance yet contributes nothing. A day on which no account has a balance is left out (not covered).
    /// The main-bank cap total sums the accounts that count toward the cap (null when none has a balance).
    /// </summary>
    public static IReadOnlyList<DailyTotal> Series(IEnumerable<BankAccount> accounts, IEnumerable<DailyBalance> balances, LocalDate first, LocalDate last)
    {
        var accountList = accounts.ToList();
        var byAccount = balances.GroupBy(b => b.AccountId)
            .ToDictionary(g => g.Key, g => g.OrderBy(b => b.Date).ToList());
        var cursor = accountList.ToDictionary(a => a.AccountId, _ => -1);
        var result = new List<DailyTotal>();
        for (var day = first; day <= last; day = day.PlusDays(1))
        {
            decimal total = 0m, cap = 0m;
            bool any = false, anyCap = false, carried = false, capCarried = false;
            foreach (var a in accountList)
            {
                if (!byAccount.TryGetValue(a.AccountId, out var list)) continue;
                var i = cursor[a.AccountId];
                while (i + 1 < list.Count && list[i + 1].Date <= day) i++;
                cursor[a.AccountId] = i;
                if (i < 0) continue;
                any = true;
                total += list[i].BalanceNok;
                carried |= list[i].Date != day;
                if (a.CountsTowardMainBankCap)
                {
                    anyCap = true;
                    cap += list[i].BalanceNok;
                    capCarried |= list[i].Date != day;
                }
            }
            if (any) result.Add(new DailyTotal(day, total, anyCap ? cap : null, carried, capCarried));
        }
        return result;
    }

    /// <summary>
    /// The year's figures through <paramref name="through"/> (the year end for a past year, else the last day with data).
    /// <list type="bullet">
    /// <item>Tertial average = mean of the daily totals of the tertial's covered days (computed); without any covered day the
    /// published average (reported); else none.</item>
    /// <item>Average daily liquidity of the year = the mean of all covered days when every elapsed tertial is computed;
    /// otherwise the day-weighted mean of the tertial averages (120/123/122 days, 121 for T1 in a leap year) — which gives
    /// 2 011.8 MNOK for 2025 from Figur 2.1 — with source <c>reported</c> or <c>mixed</c>.</item>
    /// <item>Tertial-end balance = the day's total (computed, carried forward if need be), else the published balance.</item>
    /// <item>Main-bank cap: every covered day whose main-bank total is strictly above <paramref name="capLimitNok"/> is a breach.</item>
    /// </list>
    /// </summary>
    public static LiquidityYear ForYear(int year, IEnumerable<BankAccount> accounts, IEnumerable<DailyBalance> balances, LocalDate through,
        ReportedLiquidity reported, decimal capLimitNok)
    {
        var yearEnd = new LocalDate(year, 12, 31);
        var last = through > yearEnd ? yearEnd : through;
        var first = new LocalDate(year, 1, 1);
        var days = last < first ? [] : Series(accounts, balances, first, last);
        var byDate = days.ToDictionary(d => d.Date);

        var tertials = new List<TertialLiquidity>();
        decimal weighted = 0m;
        var weightDays = 0;
        var sources = new HashSet<string>();
        for (var t = 1; t <= 3; t++)
        {
            var (from, to) = Tertials.Range(year, t);
            var elapsed = from > last ? 0 : Period.DaysBetween(from, to < last ? to : last) + 1;
            var inTertial = days.Where(d => d.Date >= from && d.Date <= to).ToList();
            decimal? average = null;
            var source = "none";
            if (inTertial.Count > 0)
            {
                average = inTertial.Average(d => d.TotalNok);
                source = "computed";
            }
            else if (reported.TertialAverages.TryGetValue(t, out var r))
            {
                average = r;
                source = "reported";
            }
            decimal? end = null;
            var endSource = "none";
            if (byDate.TryGetValue(to, out var endDay))
            {
                end = endDay.TotalNok;
                endSource = "computed";
            }
            else if (reported.Balances.TryGetValue(to, out var rb))
            {
                end = rb;
                endSource = "reported";
            }
            var weight = source == "reported" ? Tertials.Days(year, t) : elapsed;
            if (average is { } a && weight > 0)
            {
                weighted += a * weight;
                weightDays += weight;
                sources.Add(source);
            }
            tertials.Add(new TertialLiquidity(t, from, to, Tertials.Days(year, t), average, source, end, endSource,
                inTertial.Count, inTertial.Count(d => d.CarriedForward)));
        }

        decimal? yearAverage;
        string yearSource;
        if (sources.Count == 1 && sources.Contains("computed"))
        {
            yearAverage = days.Average(d => d.TotalNok);
            yearSource = "computed";
        }
        else
        {
            yearAverage = weightDays == 0 ? null : weighted / weightDays;
            yearSource = sources.Count == 0 ? "none" : sources.Count == 1 ? sources.Single() : "mixed";
        }

        return new LiquidityYear(year, last, yearAverage, yearSource, tertials, MainBankCap(days, capLimitNok), days.Count, days.Count(d => d.CarriedForward));
    }

    /// <summary>Main-bank cap (finansreglement: deposits at the main bank ≤ 2.0 bn NOK every day): a breach is a day strictly above the limit.</summary>
    public static MainBankCapCheck MainBankCap(IEnumerable<DailyTotal> days, decimal limitNok)
    {
        var checkedDays = days.Where(d => d.MainBankCapNok is not null).ToList();
        if (checkedDays.Count == 0)
        {
            return new MainBankCapCheck(limitNok, null, null, 0, []);
        }
        var max = checkedDays.MaxBy(d => d.MainBankCapNok!.Value)!;
        var breaches = checkedDays.Where(d => d.MainBankCapNok!.Value > limitNok)
            .Select(d => new CapBreach(d.Date, d.MainBankCapNok!.Value, d.MainBankCapNok.Value - limitNok, d.CapCarriedForward))
            .ToList();
        return new MainBankCapCheck(limitNok, max.MainBankCapNok, max.Date, checkedDays.Count, breaches);
    }

    /// <summary>Deposit return over the benchmark (3-month Nibor average), a difference of rates: 4.6 % − 4.4 % = 0.2 percentage points in 2025.</summary>
    public static Rate ExcessReturn(Rate depositReturn, Rate benchmark) => new(depositReturn.Fraction - benchmark.Fraction);
}
