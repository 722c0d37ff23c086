using Finance.Core.Common;
using Finance.Core.Debt;
using NodaTime;

namespace Finance.Tests.Debt;

/// <summary>Debt service projection, instalment plans, events and period changes: hand calculations.</summary>
public class DebtServiceTests
{
    private static readonly LocalDate AsOf = new(2025, 12, 31);

    private static LocalDate D(string s) => NodaTime.Text.LocalDatePattern.Iso.Parse(s).GetValueOrThrow();

    private static Loan L(string id, decimal balance, string maturity, RateType type, decimal ratePct, Amortisation am, string? reset = null, int perYear = 1, string lender = "KBN") =>
        new(id, lender, "p", LoanCategory.Investment, type, Rate.FromPercent(ratePct), balance, AsOf, D(maturity), am, reset is null ? null : D(reset), false, RateRiskExclusion.None, perYear);

    [Fact]
    public void Serial_plan_pays_equal_instalments_ending_at_maturity()
    {
        var plan = DebtService.Plan(L("s", 1_000_000m, "2027-12-31", RateType.Fixed, 4m, Amortisation.Serial, perYear: 2), AsOf);
        Assert.Equal([D("2026-06-30"), D("2026-12-31"), D("2027-06-30"), D("2027-12-31")], plan.Select(i => i.Date));
        Assert.All(plan, i => Assert.Equal(250_000m, i.PrincipalNok));
    }

    [Fact]
    public void Annuity_plan_has_level_payments_and_repays_the_balance()
    {
        var loan = L("a", 1_000_000m, "2028-12-31", RateType.Fixed, 6m, Amortisation.Annuity, perYear: 1);
        var plan = DebtService.Plan(loan, AsOf);
        Assert.Equal(3, plan.Count);
        Assert.Equal(1_000_000m, plan.Sum(i => i.PrincipalNok), 10);
        // Level payment A = B·p / (1 − (1+p)^−3), p = 6 %: 374 109.81; first principal = A − 60 000.
        var a = 1_000_000m * 0.06m / (1m - 1m / (1.06m * 1.06m * 1.06m));
        Assert.Equal(a - 60_000m, plan[0].PrincipalNok, 10);
        Assert.Equal(a - (1_000_000m - plan[0].PrincipalNok) * 0.06m, plan[1].PrincipalNok, 10);
        Assert.Empty(DebtService.Plan(L("b", 1m, "2028-12-31", RateType.Fixed, 6m, Amortisation.Bullet), AsOf));
    }

    [Fact]
    public void Projection_interest_instalments_and_maturities_by_hand()
    {
        var serial = L("s", 1_000_000m, "2027-12-31", RateType.Fixed, 4m, Amortisation.Serial, perYear: 2);
        var bullet = L("b", 2_000_000m, "2026-06-30", RateType.Fixed, 3m, Amortisation.Bullet);
        var years = DebtService.Project([serial, bullet], AsOf, 4, Rate.Zero);
        // Serial: 1 000 000 × 4 % × 181/365 + 750 000 × 4 % × 184/365; bullet: 2 000 000 × 3 % × 365/365 (refinanced at the same rate).
        var y1Interest = 1_000_000m * 0.04m * 181m / 365m + 750_000m * 0.04m * 184m / 365m + 2_000_000m * 0.03m;
        Assert.Equal(y1Interest, years[0].InterestNok, 10);
        Assert.Equal(500_000m, years[0].InstalmentsNok);
        Assert.Equal(2_000_000m, years[0].MaturitiesNok);
        Assert.Equal(y1Interest + 500_000m, years[0].TotalNok, 10);
        Assert.Equal(500_000m, years[1].InstalmentsNok);
        Assert.Equal(0m, years[2].InstalmentsNok);
        Assert.Equal(D("2026-12-31"), years[0].To);
    }

    [Fact]
    public void Rate_shock_applies_from_the_next_reset_only()
    {
        var floating = L("f", 1_000_000m, "2035-12-31", RateType.Floating, 5m, Amortisation.Bullet, reset: "2026-03-31");
        var fixedLong = L("x", 1_000_000m, "2035-12-31", RateType.Fixed, 5m, Amortisation.Bullet);
        var baseline = DebtService.Project([floating, fixedLong], AsOf, 4, Rate.Zero);
        var shocked = DebtService.Project([floating, fixedLong], AsOf, 4, Rate.FromPercent(2m));
        // +2 pp on the floating loan from 31.03.2026 (90 days in): 1 000 000 × 2 % × 275/365 in year 1, a full year after.
        Assert.Equal(1_000_000m * 0.02m * 275m / 365m, shocked[0].InterestNok - baseline[0].InterestNok, 10);
        Assert.Equal(20_000m, shocked[1].InterestNok - baseline[1].InterestNok, 10);
        Assert.Equal(100_000m, baseline[0].InterestNok, 10);
    }

    [Fact]
    public void Events_change_the_loan_and_are_checked()
    {
        var loan = L("s", 1_000_000m, "2030-12-31", RateType.Floating, 5m, Amortisation.Serial, reset: "2026-03-31");
        var paid = LoanEvents.Apply(loan, new LoanEvent("s", D("2026-06-30"), LoanEventKind.Instalment, 100_000m));
        Assert.Equal(900_000m, paid.BalanceNok);
        Assert.Equal(D("2026-06-30"), paid.BalanceDate);
        var reset = LoanEvents.Apply(paid, new LoanEvent("s", D("2026-06-30"), LoanEventKind.RateReset, Rate: Rate.FromPercent(4.5m), NextRateResetDate: D("2026-09-30")));
        Assert.Equal(4.5m, reset.Rate.Percent);
        Assert.Equal(D("2026-09-30"), reset.NextRateResetDate);
        Assert.Throws<ArgumentException>(() => LoanEvents.Apply(paid, new LoanEvent("s", D("2026-07-01"), LoanEventKind.Instalment, 2_000_000m)));
        Assert.Throws<ArgumentException>(() => LoanEvents.Apply(paid, new LoanEvent("s", D("2026-01-01"), LoanEventKind.Instalment, 1m)));
    }

    [Fact]
    public void Changes_per_lender_over_a_period()
    {
        var from = D("2025-12-31");
        var to = D("2026-12-31");
        var a0 = L("a", 1_000m, "2030-12-31", RateType.Fixed, 4m, Amortisation.Serial);
        var a1 = a0.WithBalance(800m, D("2026-06-30"));
        var b = L("b", 500m, "2026-05-01", RateType.Fixed, 4m, Amortisation.Bullet);               // matures in the period
        var c1 = new Loan("c", "Husbanken", "p", LoanCategory.OnLending, RateType.Floating, Rate.FromPercent(4m), 300m, D("2026-03-01"), D("2050-01-01"), Amortisation.Serial);
        var events = new (string, LoanEvent)[]
        {
            ("KBN", new LoanEvent("a", D("2026-06-30"), LoanEventKind.Instalment, 200m)),
            ("Husbanken", new LoanEvent("c", D("2026-03-01"), LoanEventKind.NewLoan, 300m)),
            ("KBN", new LoanEvent("a", D("2025-12-31"), LoanEventKind.Instalment, 999m)), // before the period: ignored
        };
        var changes = PortfolioChanges.Between([a0, b], [a1, b, c1], events, from, to).ToDictionary(x => x.Lender);
        var kbn = changes["KBN"];
        Assert.Equal(1_500m, kbn.OpeningNok);
        Assert.Equal(200m, kbn.InstalmentsNok);
        Assert.Equal(500m, kbn.MaturedNok);
        Assert.Equal(800m, kbn.ClosingNok);
        Assert.Equal(-700m, kbn.NetChangeNok);
        Assert.Equal(0m, kbn.OtherNok);
        Assert.Equal(300m, changes["Husbanken"].NewLoansNok);
        Assert.Equal(300m, changes["Husbanken"].NetChangeNok);
    }
}
