using Finance.Core.Common;
using NodaTime;

namespace Finance.Core.Debt;

/// <summary>The six time buckets of the finance report (Note 9, Figur 3.1, Figur 3.2): [0,1) [1,2) [2,3) [3,5) [5,10) [10,∞) years.</summary>
public static class TimeBuckets
{
    /// <summary>Bucket names in order, as the API names them.</summary>
    public static readonly IReadOnlyList<string> Names = ["0-1", "1-2", "2-3", "3-5", "5-10", "10+"];

    /// <summary>Lower edges in days (years × 365).</summary>
    private static readonly int[] LowerEdgeDays = [0, 365, 730, 1095, 1825, 3650];

    /// <summary>
    /// The bucket of a date seen from <paramref name="asOf"/>: <c>years = days / 365</c>, lower bound inclusive. 365 days
    /// away is in 1–2, 730 days in 2–3, 3 650 days in 10+. A date on or before <paramref name="asOf"/> is in 0–1.
    /// This convention reproduces Note 9 "Lånenes løpetid til endelig forfall" to the krone.
    /// </summary>
    public static int IndexOf(LocalDate asOf, LocalDate date)
    {
        var days = Period.DaysBetween(asOf, date);
        var index = 0;
        for (var i = 1; i < LowerEdgeDays.Length; i++)
        {
            if (days >= LowerEdgeDays[i]) index = i;
        }
        return index;
    }

    /// <summary>Years between two dates as the report counts them: days / 365 (negative when <paramref name="date"/> is earlier).</summary>
    public static decimal Years(LocalDate asOf, LocalDate date) => Period.DaysBetween(asOf, date) / 365m;
}

/// <summary>Balance and share of one lender, with its balance-weighted average rate.</summary>
public sealed record LenderFigures(string Lender, decimal BalanceNok, Rate Share, Rate AverageRate, int Loans);

/// <summary>One time bucket split investment / on-lending, each with its share of all borrowing (Figur 3.2).</summary>
public sealed record BucketAmount(string Bucket, decimal InvestmentNok, decimal OnLendingNok, Rate InvestmentShare, Rate OnLendingShare)
{
    public decimal TotalNok => InvestmentNok + OnLendingNok;
}

/// <summary>One interest-fixing bucket of the rate-exposed base, with its share of the base.</summary>
public sealed record FixingBucket(string Bucket, decimal TotalNok, Rate Share);

/// <summary>Every debt figure of the finance report at one date (see <see cref="DebtMetrics.Summarise"/>).</summary>
public sealed record DebtFigures(
    LocalDate AsOf,
    int LoanCount,
    decimal TotalNok,
    decimal InvestmentNok,
    decimal OnLendingNok,
    IReadOnlyList<LenderFigures> ByLender,
    Rate WeightedAverageRate,
    decimal Refinancing12mNok,
    Rate Refinancing12mShare,
    IReadOnlyList<BucketAmount> MaturityBuckets,
    decimal RateExposedNok,
    decimal FixedNok,
    Rate FixedShare,
    IReadOnlyList<FixingBucket> FixingBuckets,
    decimal AverageFixingYears,
    decimal BulletNok,
    Rate BulletShare,
    decimal GreenNok,
    Rate GreenShare,
    decimal FloatingWithin12mNok,
    decimal LeasesNok);

/// <summary>
/// The debt portfolio's key figures (Finansrapport kap. 3, Note 9, Note 25 of the annual report 2025). Every function takes
/// the loans as they stand at <c>asOf</c> (each loan's latest balance on or before that date) and is pure.
/// Conventions: a loan is outstanding at <c>asOf</c> when its balance is dated on or before it, its final maturity is after
/// it and its balance is positive; leases (OPS) are kept apart from borrowing and enter only <see cref="DebtFigures.LeasesNok"/>.
/// Shares of an empty base are zero.
/// </summary>
public static class DebtMetrics
{
    /// <summary>Days in the 12-month window (refinancing, floating base): "less than one year away" is days &lt; 365.</summary>
    public const int TwelveMonthsDays = 365;

    /// <summary>Borrowing outstanding at <paramref name="asOf"/> (leases excluded).</summary>
    public static IReadOnlyList<Loan> Outstanding(IEnumerable<Loan> loans, LocalDate asOf) =>
        loans.Where(l => !l.IsLease && IsOutstanding(l, asOf)).ToList();

    /// <summary>Leases (OPS) outstanding at <paramref name="asOf"/>.</summary>
    public static IReadOnlyList<Loan> Leases(IEnumerable<Loan> loans, LocalDate asOf) =>
        loans.Where(l => l.IsLease && IsOutstanding(l, asOf)).ToList();

    private static bool IsOutstanding(Loan l, LocalDate asOf) => l.BalanceDate <= asOf && l.MaturityDate > asOf && l.BalanceNok > 0m;

    /// <summary>Balance-weighted average rate <c>Σ bᵢ·rᵢ / Σ bᵢ</c> (Note 9 "gjennomsnittsrente": 4.023 % at 31.12.2025); zero for no debt.</summary>
    public static Rate WeightedAverageRate(IEnumerable<Loan> loans)
    {
        decimal weighted = 0m, total = 0m;
        foreach (var l in loans)
        {
            weighted += l.BalanceNok * l.Rate.Fraction;
            total += l.BalanceNok;
        }
        return total == 0m ? Rate.Zero : new Rate(weighted / total);
    }

    /// <summary>
    /// Refinancing within 12 months: the balance of loans whose <b>final maturity</b> is less than 365 days after
    /// <paramref name="asOf"/> (Tabell 3.1 "Hvorav refinansiering &lt;1 år", Note 9 footnote: 1 490 000 000 at 31.12.2025).
    /// Scheduled instalments of amortising loans are not counted: they are paid from the budget, not refinanced.
    /// </summary>
    public static decimal Refinancing12m(IEnumerable<Loan> loans, LocalDate asOf) =>
        Outstanding(loans, asOf).Where(l => Period.DaysBetween(asOf, l.MaturityDate) < TwelveMonthsDays).Sum(l => l.BalanceNok);

    /// <summary>
    /// Maturity buckets by final maturity (Note 9 "Lånenes løpetid til endelig forfall", Figur 3.2), split investment /
    /// on-lending, with <see cref="TimeBuckets.IndexOf"/> (years = days/365, lower bound inclusive).
    /// </summary>
    public static IReadOnlyList<BucketAmount> MaturityBuckets(IEnumerable<Loan> loans, LocalDate asOf)
    {
        var investment = new decimal[TimeBuckets.Names.Count];
        var onLending = new decimal[TimeBuckets.Names.Count];
        foreach (var l in Outstanding(loans, asOf))
        {
            var i = TimeBuckets.IndexOf(asOf, l.MaturityDate);
            if (l.Category == LoanCategory.Investment) investment[i] += l.BalanceNok; else onLending[i] += l.BalanceNok;
        }
        var total = investment.Sum() + onLending.Sum();
        return TimeBuckets.Names.Select((n, i) => new BucketAmount(n, investment[i], onLending[i], Rate.Share(investment[i], total), Rate.Share(onLending[i], total))).ToList();
    }

    /// <summary>
    /// The stress test's floating-debt base (Tabell 4.1 part 1): <b>all</b> borrowing, on-lending included, whose rate resets
    /// within 12 months — floating loans plus fixed loans whose fixing ends less than 365 days after <paramref name="asOf"/>
    /// (<see cref="Loan.FixingEnd"/>). 8 168 972 474 NOK on the 31.12.2025 loan list.
    /// </summary>
    public static decimal FloatingWithin12Months(IEnumerable<Loan> loans, LocalDate asOf) =>
        Outstanding(loans, asOf).Where(l => Period.DaysBetween(asOf, l.FixingEnd(asOf)) < TwelveMonthsDays).Sum(l => l.BalanceNok);

    /// <summary>Per lender: balance, share of total borrowing, balance-weighted rate; largest first.</summary>
    public static IReadOnlyList<LenderFigures> ByLender(IEnumerable<Loan> loans, LocalDate asOf)
    {
        var outstanding = Outstanding(loans, asOf);
        var total = outstanding.Sum(l => l.BalanceNok);
        return outstanding.GroupBy(l => l.Lender, StringComparer.Ordinal)
            .Select(g => new LenderFigures(g.Key, g.Sum(l => l.BalanceNok), Rate.Share(g.Sum(l => l.BalanceNok), total), WeightedAverageRate(g), g.Count()))
            .OrderByDescending(x => x.BalanceNok).ThenBy(x => x.Lender, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// All figures at once, in one pass over the loans (linear in their number; the sums are taken in the loans' order, so
    /// every figure equals the one of the single-figure functions above). Bullet share = non-amortising balance / total
    /// (33 % in 2025); green share = green / total.
    /// <para>The rate-exposed base of the finansreglement is outstanding borrowing without a rate-risk exclusion
    /// (on-lending, VAR, state rate-compensated and leases are excluded). On it: the interest-fixing buckets (Figur 3.1),
    /// each loan's balance in the bucket of its <see cref="Loan.FixingEnd"/>; the fixed-rate share (sikringsgrad, policy
    /// band 30–60 %), the balance whose fixing ends one year or more after <paramref name="asOf"/> (days ≥ 365; a floating
    /// loan counts as fixed only if its next reset is a year or more away) over the base; the weighted average
    /// interest-fixing time (rentebindingstid, policy 1–6 years) Σ bᵢ·tᵢ / Σ bᵢ with tᵢ = days(asOf → fixing end)/365,
    /// zero for an empty base.</para>
    /// </summary>
    public static DebtFigures Summarise(IEnumerable<Loan> loans, LocalDate asOf)
    {
        int count = 0;
        decimal total = 0m, investment = 0m, onLending = 0m, weightedRate = 0m, refinancing = 0m, exposedTotal = 0m, fixedNok = 0m,
            fixingYears = 0m, bullet = 0m, green = 0m, floating = 0m, leases = 0m;
        var maturityInvestment = new decimal[TimeBuckets.Names.Count];
        var maturityOnLending = new decimal[TimeBuckets.Names.Count];
        var fixing = new decimal[TimeBuckets.Names.Count];
        var lenders = new Dictionary<string, LenderSums>(StringComparer.Ordinal);
        var lenderOrder = new List<LenderSums>();
        foreach (var l in loans)
        {
            if (!IsOutstanding(l, asOf))
            {
                continue;
            }
            var b = l.BalanceNok;
            if (l.IsLease)
            {
                leases += b;
                continue;
            }
            count++;
            total += b;
            weightedRate += b * l.Rate.Fraction;
            var maturityDays = Period.DaysBetween(asOf, l.MaturityDate);
            if (maturityDays < TwelveMonthsDays) refinancing += b;
            var maturityBucket = TimeBuckets.IndexOf(asOf, l.MaturityDate);
            if (l.Category == LoanCategory.Investment)
            {
                investment += b;
                maturityInvestment[maturityBucket] += b;
            }
            else
            {
                onLending += b;
                maturityOnLending[maturityBucket] += b;
            }
            var fixingEnd = l.FixingEnd(asOf);
            var fixingDays = Period.DaysBetween(asOf, fixingEnd);
            if (fixingDays < TwelveMonthsDays) floating += b;
            if (l.RateRiskExclusion == RateRiskExclusion.None)
            {
                exposedTotal += b;
                fixing[TimeBuckets.IndexOf(asOf, fixingEnd)] += b;
                if (fixingDays >= TwelveMonthsDays) fixedNok += b;
                fixingYears += b * TimeBuckets.Years(asOf, fixingEnd);
            }
            if (l.Amortisation == Amortisation.Bullet) bullet += b;
            if (l.Green) green += b;
            if (!lenders.TryGetValue(l.Lender, out var lender))
            {
                lender = new LenderSums(l.Lender);
                lenders.Add(l.Lender, lender);
                lenderOrder.Add(lender);
            }
            lender.Add(l);
        }
        var byLender = lenderOrder
            .Select(x => new LenderFigures(x.Lender, x.BalanceNok, Rate.Share(x.BalanceNok, total), x.BalanceNok == 0m ? Rate.Zero : new Rate(x.WeightedRate / x.BalanceNok), x.Loans))
            .OrderByDescending(x => x.BalanceNok).ThenBy(x => x.Lender, StringComparer.Ordinal)
            .ToList();
        return new DebtFigures(
            asOf,
            count,
            total,
            investment,
            onLending,
            byLender,
            total == 0m ? Rate.Zero : new Rate(weightedRate / total),
            refinancing,
            Rate.Share(refinancing, total),
            TimeBuckets.Names.Select((n, i) => new BucketAmount(n, maturityInvestment[i], maturityOnLending[i],
                Rate.Share(maturityInvestment[i], total), Rate.Share(maturityOnLending[i], total))).ToList(),
            exposedTotal,
            fixedNok,
            Rate.Share(fixedNok, exposedTotal),
            TimeBuckets.Names.Select((n, i) => new FixingBucket(n, fixing[i], Rate.Share(fixing[i], exposedTotal))).ToList(),
            exposedTotal == 0m ? 0m : fixingYears / exposedTotal,
            bullet,
            Rate.Share(bullet, total),
            green,
            Rate.Share(green, total),
            floating,
            leases);
    }

    /// <summary>One lender's running sums in <see cref="Summarise"/>.</summary>
    private sealed class LenderSums(string lender)
    {
        public string Lender { get; } = lender;
        public decimal BalanceNok { get; private set; }
        public decimal WeightedRate { get; private set; }
        public int Loans { get; private set; }

        public void Add(Loan l)
        {
            BalanceNok += l.BalanceNok;
            WeightedRate += l.BalanceNok * l.Rate.Fraction;
            Loans++;
        }
    }
}
