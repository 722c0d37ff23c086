using Finance.Core.Policy;
using NodaTime;

namespace Finance.Core.Debt;

/// <summary>A lender's outstanding balance (leases, OPS, per lessor).</summary>
public sealed record LenderBalance(string Lender, decimal BalanceNok);

/// <summary>
/// The debt portfolio at a date, as the debt summary, the snapshot's debt section and the compliance check all show it:
/// the loans read, their key figures (<see cref="DebtMetrics.Summarise"/>), the bands of the regulations in force, the
/// leases per lessor and the projected debt service (<see cref="DebtService.Outlook"/>).
/// </summary>
public sealed record DebtPosition(
    LocalDate AsOf,
    IReadOnlyList<Loan> Loans,
    DebtFigures Figures,
    PolicyBand Refinancing12mLimit,
    PolicyBand FixedShareBand,
    PolicyBand AverageFixingYearsBand,
    IReadOnlyList<LenderBalance> Leases)
{
    private DebtServiceOutlook? _service;

    /// <summary>The projected debt service: computed when first asked (the compliance check never asks).</summary>
    public DebtServiceOutlook Service => _service ??= DebtService.Outlook(Loans, AsOf);

    /// <summary>Whether any loan is in the rate-exposed base (else the fixed share and fixing time have no base).</summary>
    public bool RateExposed => Figures.RateExposedNok > 0m;

    /// <summary>The figures of <paramref name="loans"/> (each at its latest balance on or before <paramref name="asOf"/>) against <paramref name="policy"/>.</summary>
    public static DebtPosition Of(IReadOnlyList<Loan> loans, LocalDate asOf, PolicyInForce? policy)
    {
        var f = DebtMetrics.Summarise(loans, asOf);
        var exposed = f.RateExposedNok > 0m;
        return new DebtPosition(asOf, loans, f,
            PolicyBand.Of(f.Refinancing12mShare.Percent, null, policy?.Number("debt.refinancing_12m", l => l.Max)),
            PolicyBand.Of(f.FixedShare.Percent, policy?.Number("debt.hedging_ratio", l => l.Min), policy?.Number("debt.hedging_ratio", l => l.Max), exposed),
            PolicyBand.Of(f.AverageFixingYears, policy?.Number("debt.interest_fixing_time", l => l.Min), policy?.Number("debt.interest_fixing_time", l => l.Max), exposed),
            LeasesByLender(loans, asOf));
    }

    /// <summary>Leases outstanding at <paramref name="asOf"/> per lessor, in lessor order.</summary>
    public static IReadOnlyList<LenderBalance> LeasesByLender(IEnumerable<Loan> loans, LocalDate asOf) =>
        DebtMetrics.Leases(loans, asOf).GroupBy(l => l.Lender, StringComparer.Ordinal)
            .Select(g => new LenderBalance(g.Key, g.Sum(l => l.BalanceNok))).OrderBy(l => l.Lender, StringComparer.Ordinal).ToList();
}
