using Dapper;
using Finance.Data.Debt;
using Finance.Data.Fund;
using Finance.Data.Liquidity;
using Finance.Data.Policy;
using NodaTime;

namespace Finance.Data;

/// <summary>
/// Fills a new database with the Bærum kommune 2025 reference data (db/seed, taken from the annual report 2025;
/// each file names its source lines). One transaction: the database gets all of it or none.
/// </summary>
public static class DemoData
{
    public static void Load(Db db, IClock clock) => db.InTransaction((c, tx) =>
    {
        PolicyDemoData.Load(c, tx, clock);
        FundDemoData.Load(c, tx);
        Compliance.ComplianceDemoData.Load(c, tx);
        DebtDemoData.Load(c, tx);
        LiquidityDemoData.Load(c, tx);
        Stress.StressDemoData.Load(c, tx);
        Reports.ReportDemoData.Load(c, tx, clock);
        c.Execute("INSERT INTO app_state (key, value) VALUES ('demo_data', @At)",
            new { At = clock.GetCurrentInstant().ToString() }, tx);
    });
}
