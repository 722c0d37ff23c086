using System.Net;
using Finance.Core.Common;

namespace Finance.Tests.Store;

/// <summary>
/// The acceptance figures of the reference data on whichever store the tests run on (SQLite by default, PostgreSQL with
/// FINANCE_TEST_POSTGRES): one new database, loaded by the service's own seed, then the four headline figures and a
/// valid audit trail after a stored stress test.
/// </summary>
public sealed class StoreAcceptanceTests(SeededApi api) : IClassFixture<SeededApi>
{
    [Fact]
    public async Task The_reference_figures_and_a_valid_audit_trail_on_a_fresh_database()
    {
        // Tabell 1.2 / data README: equities 40.10 % of the fund at 31.12.2025.
        var holdings = await api.Viewer().GetJson("/api/fund/holdings?asOf=2025-12-31");
        var equities = holdings.GetProperty("assetClasses").EnumerateArray().Single(a => a.GetProperty("assetClass").GetString() == "equities");
        Assert.Equal(40.10m, Math.Round(equities.Dec("weightPct"), 2));

        // Tabell 3.1 "Sum innlån" 31.12.2025.
        var debt = await api.Viewer().GetJson("/api/debt/summary?asOf=2025-12-31");
        Assert.Equal(14_229_073_193m, debt.Dec("totalNok"));

        // Tabell 1.3: the fund's 2025 return, printed 7.1 %. The data README's full precision: 7.131 % from the class rows
        // (what the service computes), 7.134 % from the printed "Totalt" columns of Vedlegg 5a/5b.
        var returns = await api.Viewer().GetJson("/api/fund/returns?year=2025");
        Assert.Equal(7.131m, Math.Round(returns.GetProperty("ytd").Dec("totalPct"), 3));

        // Tabell 4.1 + 4.2: the stored stress test from the registers, 945.94 MNOK.
        var (status, stored) = await api.Treasurer().Send(HttpMethod.Post, "/api/stress-tests", new { asOf = "2025-12-31" });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(945.94m, Money.ToMnok(stored.GetProperty("result").Dec("totalNok"), 2));

        var verify = await api.Auditor().GetJson("/api/audit/verify");
        Assert.True(verify.GetProperty("valid").GetBoolean(), verify.ToString());
    }
}
