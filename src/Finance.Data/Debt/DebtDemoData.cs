using System.Data.Common;
using Finance.Core.Common;
using Finance.Core.Debt;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Finance.Data.Debt;

/// <summary>
/// The debt reference data of the annual report 2025 (db/seed): the 67 loans of Note 25 at 31.12.2025 with the demo
/// conventions stated in each row's <c>note</c> (reset dates, amortisation profiles and green flags are not printed), the
/// lease (Skuleveg AS, OPS) of Tabell 3.1 / Note 9, the published key figures and the on-lending figures of Note 6/9.
/// </summary>
public static class DebtDemoData
{
    public static void Load(DbConnection c, DbTransaction tx)
    {
        foreach (var (loan, note) in ReferenceLoans())
        {
            DebtStore.Save(c, tx, loan, note);
        }

        // The lease is kept apart from borrowing. Its term and rate are not printed: the maturity 2041-12-31 is a demo
        // convention (the 2025 repayment pace, 7.9 MNOK a year, runs the balance down in about 15.6 years) and the rate is 0.
        var lease = SeedFiles.Read("debt_by_lender.csv").Single(r => r["row_kind"] == "lease");
        const string leaseNote = "Tabell 3.1 / Note 9 L7129 (exact NOK). Demo convention: term and rate not printed - maturity 2041-12-31 (2025 repayment pace), rate 0, annual instalments.";
        foreach (var (column, date) in new[] { ("exact_nok_2024_12_31", new LocalDate(2024, 12, 31)), ("exact_nok_2025_12_31", new LocalDate(2025, 12, 31)) })
        {
            DebtStore.Save(c, tx, new Loan("ops-skuleveg", "Skuleveg AS", "OPS-avtale (finansiell leie)", LoanCategory.Investment, RateType.Fixed,
                Rate.Zero, lease.Decimal(column), date, new LocalDate(2041, 12, 31), Amortisation.Serial, null, false, RateRiskExclusion.Lease), leaseNote);
        }

        foreach (var r in SeedFiles.Read("debt_key_figures_reported.csv"))
        {
            DebtStore.UpsertReported(c, tx, new ReportedFigureRow
            {
                Period = r["as_of_or_year"],
                Metric = r["metric"],
                Value = r["value"],
                Unit = r.TextOrNull("unit"),
                Note = r.TextOrNull("note"),
                Source = r.TextOrNull("source"),
            });
        }

        foreach (var r in SeedFiles.Read("on_lending.csv"))
        {
            DebtStore.UpsertOnLending(c, tx, new ReportedFigureRow
            {
                Period = r["as_of_or_year"],
                Metric = r["category"],
                Value = r["amount_nok"],
                Note = r.TextOrNull("note"),
                Source = r.TextOrNull("source"),
            });
        }
    }

    /// <summary>The 67 loans of Note 25 at 31.12.2025 (db/seed/loans.csv), with the register lender = the Tabell 3.1 row.</summary>
    public static IEnumerable<(Loan Loan, string Note)> ReferenceLoans()
    {
        foreach (var r in SeedFiles.Read("loans.csv"))
        {
            var perYear = r.DecimalOrNull("instalments_per_year");
            var loan = new Loan(
                r["loan_id"],
                r["lender_group"],
                r["product"],
                r["category"] == "on_lending" ? LoanCategory.OnLending : LoanCategory.Investment,
                DebtCodes.Parse<RateType>(r["rate_type"]),
                Rate.FromPercent(r.Decimal("rate_pct")),
                r.Decimal("balance_nok"),
                r.Date("balance_date"),
                r.Date("maturity_date"),
                DebtCodes.Parse<Amortisation>(r["amortisation"]),
                r.TextOrNull("next_rate_reset_date") is { } reset ? NodaTime.Text.LocalDatePattern.Iso.Parse(reset).GetValueOrThrow() : null,
                r["green"] == "true",
                DebtCodes.Parse<RateRiskExclusion>(r["rate_risk_exclusion"]),
                perYear is { } n ? (int)n : 1);
            yield return (loan, $"{r["source"]}; {r["note"]}");
        }
    }
}
