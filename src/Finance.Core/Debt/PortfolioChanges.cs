using Finance.Core.Common;
using NodaTime;

namespace Finance.Core.Debt;

/// <summary>
/// What happened to a loan: <c>NewLoan</c> (first drawdown, amount = initial balance), <c>Drawdown</c> (more drawn),
/// <c>Instalment</c> (avdrag), <c>Redemption</c> (extraordinary repayment), <c>RateReset</c> (new rate, next reset),
/// <c>Refinancing</c> (new terms: rate, reset, maturity, and the new balance when given).
/// </summary>
public enum LoanEventKind
{
    NewLoan,
    Drawdown,
    Instalment,
    Redemption,
    RateReset,
    Refinancing,
}

/// <summary>An event of a loan's history. Fields not used by the kind are null.</summary>
public sealed record LoanEvent(string LoanId, LocalDate Date, LoanEventKind Kind, decimal? AmountNok = null, Rate? Rate = null,
    LocalDate? NextRateResetDate = null, LocalDate? MaturityDate = null);

/// <summary>Movements of one lender's borrowing over a period (Tabell 3.1 "Endring").</summary>
public sealed record LenderChange(string Lender, decimal OpeningNok, decimal NewLoansNok, decimal InstalmentsNok, decimal MaturedNok, decimal ClosingNok)
{
    /// <summary>Closing − opening.</summary>
    public decimal NetChangeNok => ClosingNok - OpeningNok;

    /// <summary>The part of the net change that the events do not explain (balance corrections, unrecorded movements).</summary>
    public decimal OtherNok => NetChangeNok - NewLoansNok + InstalmentsNok + MaturedNok;
}

public static class LoanEvents
{
    /// <summary>
    /// The loan after an event: instalments and redemptions lower the balance (never below zero — an error otherwise),
    /// drawdowns raise it; rate resets and refinancings set the new rate, next reset date and (refinancing) maturity and
    /// balance. Throws <see cref="ArgumentException"/> when the event does not fit the loan.
    /// </summary>
    public static Loan Apply(Loan before, LoanEvent e)
    {
        if (e.Date < before.BalanceDate) throw new ArgumentException("An event must not be dated before the loan's latest balance.", nameof(e));
        var balance = before.BalanceNok;
        var rate = before.Rate;
        var reset = before.NextRateResetDate;
        var maturity = before.MaturityDate;
        switch (e.Kind)
        {
            case LoanEventKind.Instalment or LoanEventKind.Redemption:
                var amount = e.AmountNok ?? throw new ArgumentException("An instalment needs an amount.", nameof(e));
                if (amount <= 0m || amount > balance) throw new ArgumentException("The amount must be positive and at most the outstanding balance.", nameof(e));
                balance -= amount;
                break;
            case LoanEventKind.Drawdown:
                var drawn = e.AmountNok ?? throw new ArgumentException("A drawdown needs an amount.", nameof(e));
                if (drawn <= 0m) throw new ArgumentException("The amount must be positive.", nameof(e));
                balance += drawn;
                break;
            case LoanEventKind.RateReset:
                rate = e.Rate ?? throw new ArgumentException("A rate reset needs the new rate.", nameof(e));
                reset = e.NextRateResetDate;
                break;
            case LoanEventKind.Refinancing:
                rate = e.Rate ?? rate;
                reset = e.NextRateResetDate ?? reset;
                maturity = e.MaturityDate ?? maturity;
                balance = e.AmountNok ?? balance;
                break;
            default:
                throw new ArgumentException("A new loan is registered, not applied to an existing one.", nameof(e));
        }
        if (reset is { } r && r <= e.Date && e.Kind is LoanEventKind.RateReset or LoanEventKind.Refinancing)
        {
            throw new ArgumentException("The next rate reset must be after the event.", nameof(e));
        }
        return new Loan(before.Id, before.Lender, before.Product, before.Category, before.RateType, rate, balance, e.Date, maturity,
            before.Amortisation, reset, before.Green, before.RateRiskExclusion, before.InstalmentsPerYear);
    }
}

public static class PortfolioChanges
{
    /// <summary>
    /// Per lender, the movements in (<paramref name="from"/>, <paramref name="to"/>]: opening = borrowing outstanding at
    /// <paramref name="from"/>, closing = at <paramref name="to"/>; new loans = NewLoan + Drawdown events (and a refinancing's
    /// increase is not counted — it is the same debt); instalments = Instalment + Redemption events; matured = the last
    /// balance of loans whose final maturity falls in the period (repaid or refinanced). Leases are excluded.
    /// </summary>
    /// <param name="atFrom">Each loan's latest state on or before <paramref name="from"/>.</param>
    /// <param name="atTo">Each loan's latest state on or before <paramref name="to"/>.</param>
    /// <param name="events">Events with the lender of their loan.</param>
    /// <param name="from">Start of the period (exclusive): the opening date.</param>
    /// <param name="to">End of the period (inclusive): the closing date.</param>
    public static IReadOnlyList<LenderChange> Between(IEnumerable<Loan> atFrom, IEnumerable<Loan> atTo,
        IEnumerable<(string Lender, LoanEvent Event)> events, LocalDate from, LocalDate to)
    {
        if (to < from) throw new ArgumentException("The period ends before it starts.", nameof(to));
        var opening = DebtMetrics.Outstanding(atFrom, from).GroupBy(l => l.Lender).ToDictionary(g => g.Key, g => g.Sum(l => l.BalanceNok));
        var toList = atTo.ToList();
        var closing = DebtMetrics.Outstanding(toList, to).GroupBy(l => l.Lender).ToDictionary(g => g.Key, g => g.Sum(l => l.BalanceNok));
        var matured = toList.Where(l => !l.IsLease && l.MaturityDate > from && l.MaturityDate <= to && l.BalanceNok > 0m)
            .GroupBy(l => l.Lender).ToDictionary(g => g.Key, g => g.Sum(l => l.BalanceNok));
        var inPeriod = events.Where(x => x.Event.Date > from && x.Event.Date <= to).ToList();
        var added = inPeriod.Where(x => x.Event.Kind is LoanEventKind.NewLoan or LoanEventKind.Drawdown)
            .GroupBy(x => x.Lender).ToDictionary(g => g.Key, g => g.Sum(x => x.Event.AmountNok ?? 0m));
        var repaid = inPeriod.Where(x => x.Event.Kind is LoanEventKind.Instalment or LoanEventKind.Redemption)
            .GroupBy(x => x.Lender).ToDictionary(g => g.Key, g => g.Sum(x => x.Event.AmountNok ?? 0m));
        return opening.Keys.Concat(closing.Keys).Concat(matured.Keys).Concat(added.Keys).Concat(repaid.Keys)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(lender => new LenderChange(lender, opening.GetValueOrDefault(lender), added.GetValueOrDefault(lender),
                repaid.GetValueOrDefault(lender), matured.GetValueOrDefault(lender), closing.GetValueOrDefault(lender)))
            .ToList();
    }
}
