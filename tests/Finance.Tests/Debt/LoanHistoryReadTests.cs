using Finance.Data;
using Finance.Data.Debt;
using NodaTime;

namespace Finance.Tests.Debt;

/// <summary>
/// The loans at several dates from one read of the balance history (the snapshot's period ends of Tabell 3.1) are the
/// loans at each date read alone: each loan at its latest state on or before the date, in register order, a loan without a
/// state by then left out. Hand-made history of four loans.
/// </summary>
public sealed class LoanHistoryReadTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("finance-history-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly LocalDate[] PeriodEnds = [new(2024, 12, 31), new(2025, 4, 30), new(2025, 8, 31), new(2025, 12, 31)];

    private Db Register()
    {
        var db = new Db($"Data Source={Path.Combine(_folder, "finance.db")}");
        db.Migrate();
        db.InTransaction((c, tx) =>
        {
            // H1: three balances in 2025; H2: one balance dated exactly on a period end; H3: first balance after every period
            // end; H4: a balance from 2024 and one at the year end.
            (string Id, (string Date, decimal Balance)[] States)[] loans =
            [
                ("H1", [("2025-01-15", 1_000m), ("2025-05-01", 900m), ("2025-09-30", 800m)]),
                ("H2", [("2025-04-30", 500m)]),
                ("H3", [("2026-01-10", 700m)]),
                ("H4", [("2024-06-30", 300m), ("2025-12-31", 200m)]),
            ];
            foreach (var (id, states) in loans)
            {
                DebtStore.UpsertLoan(c, tx, new LoanRow
                {
                    LoanId = id, Lender = "KBN", Product = "p", Category = "investment", RateType = "fixed", Amortisation = "bullet",
                    InstalmentsPerYear = 1, Green = false, RateRiskExclusion = "none",
                });
                foreach (var (date, balance) in states)
                {
                    DebtStore.UpsertState(c, tx, new LoanStateRow
                    {
                        LoanId = id, Date = IsoDate.Parse(date), BalanceNok = balance, RatePct = 4m, MaturityDate = new LocalDate(2030, 1, 1),
                    });
                }
            }
        });
        return db;
    }

    private static string[] Listed(IReadOnlyList<LoanAtRow> rows) => rows.Select(r => $"{r.LoanId} {r.BalanceNok} {r.BalanceDate:yyyy-MM-dd}").ToArray();

    [Fact]
    public void One_read_of_the_history_gives_each_period_end_its_latest_states()
    {
        var db = Register();
        using var c = db.OpenRead();

        var byDate = DebtStore.LoansAt(c, PeriodEnds);

        Assert.Equal(["H4 300 2024-06-30"], Listed(byDate[PeriodEnds[0]]));
        Assert.Equal(["H1 1000 2025-01-15", "H2 500 2025-04-30", "H4 300 2024-06-30"], Listed(byDate[PeriodEnds[1]]));
        Assert.Equal(["H1 900 2025-05-01", "H2 500 2025-04-30", "H4 300 2024-06-30"], Listed(byDate[PeriodEnds[2]]));
        Assert.Equal(["H1 800 2025-09-30", "H2 500 2025-04-30", "H4 200 2025-12-31"], Listed(byDate[PeriodEnds[3]]));
        foreach (var date in PeriodEnds)
        {
            Assert.Equal(Listed(DebtStore.LoansAt(c, date)), Listed(byDate[date]));
        }
    }

    [Fact]
    public void A_transaction_keeps_the_loans_of_each_date_it_read()
    {
        var db = Register();
        using var c = db.OpenRead();
        using var tx = c.BeginRead();

        var byDate = DebtStore.Loans(c, PeriodEnds, tx);

        Assert.Equal([300m, 1_800m, 1_700m, 1_500m], PeriodEnds.Select(d => byDate[d].Sum(l => l.BalanceNok)));
        // Asked again for one date, the transaction answers with the list it read.
        Assert.Same(byDate[PeriodEnds[2]], DebtStore.Loans(c, PeriodEnds[2], tx));
    }
}
