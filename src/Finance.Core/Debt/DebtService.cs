using Finance.Core.Common;
using NodaTime;

namespace Finance.Core.Debt;

/// <summary>Projected debt service (renter og avdrag) of one 12-month period.</summary>
public sealed record DebtServicePeriod(int Year, LocalDate From, LocalDate To, decimal InterestNok, decimal InstalmentsNok, decimal MaturitiesNok)
{
    /// <summary>Debt service charged to the budget: interest + scheduled instalments (bullet maturities are refinanced).</summary>
    public decimal TotalNok => InterestNok + InstalmentsNok;
}

/// <summary>
/// The extra interest of a rate shock of <paramref name="ShockPoints"/> percentage points (from each loan's fixing end) over the
/// next 12 months and over the whole projection.
/// </summary>
public sealed record RateSensitivity(decimal ShockPoints, decimal ExtraInterest12mNok, decimal ExtraInterestTotalNok);

/// <summary>The projected debt service, year by year, and its sensitivity to rate shocks (see <see cref="DebtService.Outlook"/>).</summary>
public sealed record DebtServiceOutlook(IReadOnlyList<DebtServicePeriod> Years, IReadOnlyList<RateSensitivity> Sensitivity)
{
    /// <summary>Interest + instalments over all the years.</summary>
    public decimal TotalNok => Years.Sum(p => p.TotalNok);
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
    public static IReadOnlyList<DebtServicePeriod> Project(IEnumerable<Loan> loans, LocalDate asOf, int years, Rate shock) =>
        Project(loans, asOf, years, [shock])[0];

    /// <summary>
    /// <see cref="Project(IEnumerable{Loan}, LocalDate, int, Rate)"/> for several shocks in one pass over the loans (result i
    /// belongs to shock i). Each loan's instalments and rate periods are worked out once: per 12-month period it sums
    /// balance × days (krone-days) in all and after the fixing end, and a period's interest is
    /// <c>rate × krone-days / 365 + shock × krone-days after the fixing end / 365</c> — the same actual/365 accrual as per
    /// cash-flow interval, with one multiplication and division per loan and period instead of one per interval and shock.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<DebtServicePeriod>> Project(IEnumerable<Loan> loans, LocalDate asOf, int years, IReadOnlyList<Rate> shocks)
    {
        if (years < 1) throw new ArgumentOutOfRangeException(nameof(years), "At least one year.");
        var ends = Enumerable.Range(0, years + 1).Select(y => asOf.PlusMonths(12 * y)).ToArray();
        var interest = new decimal[years];
        var extra = new decimal[shocks.Count, years];
        var instalments = new decimal[years];
        var maturities = new decimal[years];
        var horizon = ends[^1];
        // Dates as day numbers from here on: a loan's dates are compared, sorted and subtracted a few dozen times each.
        var endDays = Array.ConvertAll(ends, DayNumber);
        var (asOfDay, horizonDay) = (endDays[0], endDays[^1]);
        var plan = new List<PlanStep>();
        var points = new int[endDays.Length + 2];
        var kroneDays = new decimal[years];
        var kroneDaysAfterReset = new decimal[years];

        foreach (var loan in loans)
        {
            if (loan.IsLease || loan.BalanceDate > asOf || loan.MaturityDate <= asOf || loan.BalanceNok <= 0m)
            {
                continue;
            }
            plan.Clear();
            PlanUntil(loan, asOf, horizon, plan);
            var resetAt = DayNumber(loan.FixingEnd(asOf));
            var bulletMaturity = loan.Amortisation == Amortisation.Bullet && loan.MaturityDate <= horizon ? DayNumber(loan.MaturityDate) : (int?)null;

            // The dates where the balance or the rate can change: the period ends, the reset, each instalment, the bullet maturity.
            if (points.Length < endDays.Length + 2 + plan.Count)
            {
                points = new int[2 * (endDays.Length + 2 + plan.Count)];
            }
            var count = 0;
            foreach (var day in endDays) points[count++] = day;
            points[count++] = resetAt;
            foreach (var step in plan) points[count++] = step.Day;
            if (bulletMaturity is { } bm)
            {
                points[count++] = bm;
                resetAt = Math.Min(resetAt, bm);
            }
            Array.Sort(points, 0, count);
            Array.Clear(kroneDays);
            Array.Clear(kroneDaysAfterReset);

            var balance = loan.BalanceNok;
            var next = 0;
            var start = asOfDay;
            foreach (var end in points.AsSpan(0, count))
            {
                if (balance <= 0m)
                {
                    break;
                }
                if (end <= start || end > horizonDay)
                {
                    continue;
                }
                var period = PeriodIndex(endDays, end);
                var intervalKroneDays = balance * (end - start);
                kroneDays[period] += intervalKroneDays;
                if (start >= resetAt)
                {
                    kroneDaysAfterReset[period] += intervalKroneDays;
                }
                // Every instalment date is a point, so each instalment is paid here in the plan's order: the balance after it
                // is the plan's.
                while (next < plan.Count && plan[next].Day <= end)
                {
                    if (plan[next].Day == end)
                    {
                        instalments[period] += plan[next].PrincipalNok;
                        balance = plan[next].BalanceAfterNok;
                    }
                    next++;
                }
                if (bulletMaturity == end)
                {
                    maturities[period] += balance;
                }
                start = end;
            }
            for (var y = 0; y < years; y++)
            {
                if (kroneDays[y] == 0m)
                {
                    continue;
                }
                interest[y] += loan.Rate.Fraction * kroneDays[y] / 365m;
                for (var s = 0; s < shocks.Count; s++)
                {
                    if (shocks[s].Fraction != 0m && kroneDaysAfterReset[y] != 0m)
                    {
                        extra[s, y] += shocks[s].Fraction * kroneDaysAfterReset[y] / 365m;
                    }
                }
            }
        }
        return Enumerable.Range(0, shocks.Count)
            .Select(s => (IReadOnlyList<DebtServicePeriod>)Enumerable.Range(0, years)
                .Select(y => new DebtServicePeriod(y + 1, ends[y], ends[y + 1], interest[y] + extra[s, y], instalments[y], maturities[y]))
                .ToList())
            .ToList();
    }

    /// <summary>An instalment of <see cref="PlanUntil"/>: its date as a day number, the principal and the balance after it.</summary>
    private readonly record struct PlanStep(int Day, decimal PrincipalNok, decimal BalanceAfterNok);

    /// <summary>Days since 0001-01-01: the days between two dates are the difference of their numbers.</summary>
    private static int DayNumber(LocalDate d) => d.ToDateOnly().DayNumber;

    /// <summary>
    /// The debt service of the finance report: <paramref name="years"/> (4) years of interest and instalments without a shock,
    /// and the extra interest of +1 and +2 percentage points, all from one pass over the loans.
    /// </summary>
    public static DebtServiceOutlook Outlook(IEnumerable<Loan> loans, LocalDate asOf, int years = 4)
    {
        decimal[] points = [0m, 1m, 2m];
        var shocks = points.Select(p => p == 0m ? Rate.Zero : Rate.FromPercent(p)).ToList();
        var projections = Project(loans, asOf, years, shocks);
        var baseline = projections[0];
        var sensitivity = Enumerable.Range(1, shocks.Count - 1)
            .Select(i => new RateSensitivity(points[i], projections[i][0].InterestNok - baseline[0].InterestNok,
                projections[i].Sum(p => p.InterestNok) - baseline.Sum(p => p.InterestNok)))
            .ToList();
        return new DebtServiceOutlook(baseline, sensitivity);
    }

    /// <summary>
    /// The first instalments of <see cref="Plan"/>, those dated on or before <paramref name="horizon"/>, with the same amounts,
    /// without building the plan to final maturity (for a 30-year monthly loan the projection needs 48 of its 360).
    /// </summary>
    private static void PlanUntil(Loan loan, LocalDate asOf, LocalDate horizon, List<PlanStep> plan)
    {
        if (loan.Amortisation == Amortisation.Bullet || loan.MaturityDate <= asOf || loan.BalanceNok == 0m)
        {
            return;
        }
        var step = 12 / loan.InstalmentsPerYear;
        // n = the number of instalment dates after asOf: maturity, maturity − step months, … (each from maturity, as in Plan).
        var n = InstalmentCount(loan.MaturityDate, step, asOf);
        var balance = loan.BalanceNok;
        var p = loan.Rate.Fraction / loan.InstalmentsPerYear;
        var each = loan.Amortisation == Amortisation.Serial ? balance / n : 0m;
        var payment = loan.Amortisation == Amortisation.Serial ? 0m : p == 0m ? balance / n : balance * p / (1m - 1m / Pow(1m + p, n));
        for (var i = 0; i < n; i++)
        {
            var date = loan.MaturityDate.PlusMonths(-(n - 1 - i) * step);
            if (date > horizon)
            {
                return;
            }
            var principal = i == n - 1 ? balance
                : loan.Amortisation == Amortisation.Serial ? each
                : Math.Min(balance, payment - balance * p);
            balance -= principal;
            plan.Add(new PlanStep(DayNumber(date), principal, balance));
        }
    }

    /// <summary>How many of maturity, maturity − step, maturity − 2·step … months lie after <paramref name="asOf"/> (binary search: the dates fall with k).</summary>
    private static int InstalmentCount(LocalDate maturity, int step, LocalDate asOf)
    {
        int lo = 0, hi = 1;
        while (maturity.PlusMonths(-hi * step) > asOf) hi *= 2;
        // maturity − lo·step > asOf ≥ maturity − hi·step
        while (hi - lo > 1)
        {
            var mid = (lo + hi) / 2;
            if (maturity.PlusMonths(-mid * step) > asOf) lo = mid; else hi = mid;
        }
        return lo + 1;
    }

    /// <summary>The 12-month period (0-based) a day in (ends[0], ends[^1]] falls in.</summary>
    private static int PeriodIndex(int[] ends, int day)
    {
        for (var y = 1; y < ends.Length; y++)
        {
            if (day <= ends[y]) return y - 1;
        }
        return ends.Length - 2;
    }

    /// <summary>xⁿ by repeated squaring (a 30-year monthly annuity needs 9 squarings, not 360 multiplications).</summary>
    private static decimal Pow(decimal x, int n)
    {
        var result = 1m;
        while (n > 0)
        {
            if ((n & 1) == 1) result *= x;
            n >>= 1;
            if (n > 0) x *= x;
        }
        return result;
    }
}
