using Finance.Core.Common;
using NodaTime;

namespace Finance.Core.Debt;

/// <summary>Projected debt service (renter og avdrag) of one 12-month period.</summary>
public sealed record DebtServicePeriod(int Year, LocalDate From, LocalDate To, decimal InterestNok, decimal InstalmentsNok, decimal MaturitiesNok)
{
    /// <summary>Debt service charged to the budget: interest + scheduled instalments (bullet maturities are refinanced).</summary>
    public decimal TotalNok => InterestNok + InstalmentsNok;
}

/// <summary>One instalment (avdrag) of a loan's plan.</summary>
public sealed record Instalment(LocalDate Date, decimal PrincipalNok);

/// <summary>
/// Projection of interest and instalments from <c>asOf</c>, period by period of 12 months (year 1 = (asOf, asOf + 12 months]).
/// Conventions, stated once:
/// <list type="bullet">
/// <item>Interest accrues actual/365 on the outstanding balance between cash-flow dates, at the loan's rate; under a rate
/// shock the rate rises by the shock from the loan's <see cref="Loan.FixingEnd"/> on (a floating loan from its next reset,
/// a fixed loan when its fixed period ends), never before.</item>
/// <item>Serial and annuity loans pay on the final maturity date and every 12/n months before it (n =
/// <see cref="Loan.InstalmentsPerYear"/>). Serial: balance / remaining instalments; annuity: level payment at the contract
/// rate per period r/n, principal = payment − interest of the period. The plan is the contract's; a shock changes interest only.</item>
/// <item>Bullet loans repay everything at final maturity; that amount is reported as <c>MaturitiesNok</c> and assumed
/// refinanced by a new loan of the same size at the same rate, which resets (takes the shock) at that date.</item>
/// <item>Leases are not borrowing and are not projected.</item>
/// </list>
/// </summary>
public static class DebtService
{
    /// <summary>The contractual instalments of a loan after <paramref name="asOf"/> (bullet: none; the maturity is a refinancing).</summary>
    public static IReadOnlyList<Instalment> Plan(Loan loan, LocalDate asOf)
    {
        if (loan.Amortisation == Amortisation.Bullet || loan.MaturityDate <= asOf || loan.BalanceNok == 0m)
        {
            return [];
        }
        var step = 12 / loan.InstalmentsPerYear;
        var dates = new List<LocalDate>();
        for (var k = 0; ; k++)
        {
            var d = loan.MaturityDate.PlusMonths(-k * step);
            if (d <= asOf) break;
            dates.Add(d);
        }
        dates.Reverse();
        var plan = new List<Instalment>(dates.Count);
        var balance = loan.BalanceNok;
        if (loan.Amortisation == Amortisation.Serial)
        {
            var each = balance / dates.Count;
            for (var i = 0; i < dates.Count; i++)
            {
                var principal = i == dates.Count - 1 ? balance : each;
                plan.Add(new Instalment(dates[i], principal));
                balance -= principal;
            }
            return plan;
        }
        var p = loan.Rate.Fraction / loan.InstalmentsPerYear;
        var n = dates.Count;
        var payment = p == 0m ? balance / n : balance * p / (1m - 1m / Pow(1m + p, n));
        for (var i = 0; i < n; i++)
        {
            var principal = i == n - 1 ? balance : Math.Min(balance, payment - balance * p);
            plan.Add(new Instalment(dates[i], principal));
            balance -= principal;
        }
        return plan;
    }

    /// <summary>
    /// Interest, instalments and bullet maturities for <paramref name="years"/> consecutive 12-month periods after
    /// <paramref name="asOf"/>, with the rate raised by <paramref name="shock"/> from each loan's fixing end.
    /// </summary>
    public static IReadOnlyList<DebtServicePeriod> Project(IEnumerable<Loan> loans, LocalDate asOf, int years, Rate shock)
    {
        if (years < 1) throw new ArgumentOutOfRangeException(nameof(years), "At least one year.");
        var ends = Enumerable.Range(0, years + 1).Select(y => asOf.PlusMonths(12 * y)).ToArray();
        var interest = new decimal[years];
        var instalments = new decimal[years];
        var maturities = new decimal[years];
        var horizon = ends[^1];

        foreach (var loan in DebtMetrics.Outstanding(loans, asOf))
        {
            var plan = Plan(loan, asOf).Where(i => i.Date <= horizon).ToList();
            var resetAt = loan.FixingEnd(asOf);
            var bulletMaturity = loan.Amortisation == Amortisation.Bullet && loan.MaturityDate <= horizon ? loan.MaturityDate : (LocalDate?)null;
            var breaks = new SortedSet<LocalDate>(ends) { resetAt };
            foreach (var i in plan) breaks.Add(i.Date);
            if (bulletMaturity is { } bm)
            {
                breaks.Add(bm);
                resetAt = resetAt < bm ? resetAt : bm;
            }

            var balance = loan.BalanceNok;
            var points = breaks.Where(d => d >= asOf && d <= horizon).ToList();
            for (var k = 0; k + 1 < points.Count && balance > 0m; k++)
            {
                var (start, end) = (points[k], points[k + 1]);
                var period = PeriodIndex(ends, end);
                var rate = loan.Rate.Fraction + (start >= resetAt ? shock.Fraction : 0m);
                interest[period] += balance * rate * Period.DaysBetween(start, end) / 365m;
                foreach (var i in plan.Where(i => i.Date == end))
                {
                    instalments[period] += i.PrincipalNok;
                    balance -= i.PrincipalNok;
                }
                if (bulletMaturity == end)
                {
                    maturities[period] += balance;
                }
            }
        }
        return Enumerable.Range(0, years)
            .Select(y => new DebtServicePeriod(y + 1, ends[y], ends[y + 1], interest[y], instalments[y], maturities[y]))
            .ToList();
    }

    /// <summary>The 12-month period (0-based) a date in (ends[0], ends[^1]] falls in.</summary>
    private static int PeriodIndex(LocalDate[] ends, LocalDate date)
    {
        for (var y = 1; y < ends.Length; y++)
        {
            if (date <= ends[y]) return y - 1;
        }
        return ends.Length - 2;
    }

    private static decimal Pow(decimal x, int n)
    {
        var result = 1m;
        for (var i = 0; i < n; i++) result *= x;
        return result;
    }
}
