using System.Net;

namespace Finance.Tests.Registers;

/// <summary>
/// Until a year's CPI is published, its real-value target uses the latest published CPI and says so — one rule for the
/// real-value endpoint, compliance, the green zone and the snapshot.
/// </summary>
public sealed class InYearTargetTests : IDisposable
{
    private readonly FinanceApiFactory _api = new(seed: true);

    public void Dispose() => _api.Dispose();

    // 1 804 000 000 × 137.7 / 78.7 (KPI 2025 and 2002): the 2025 target, which 2026 keeps until KPI 2026 is published.
    private const decimal Target2025 = 1_804_000_000m * 137.7m / 78.7m;

    [Fact]
    public async Task The_2026_target_uses_the_2025_cpi_everywhere_and_says_so()
    {
        var treasurer = _api.Treasurer();
        // The year-end 2025 valuations (Note 7: 3 624 458 944 NOK, with the bond funds' durations) again at 31.01.2026.
        var yearEnd = await treasurer.GetStringAsync("/api/fund/valuations?from=2025-12-31&to=2025-12-31");
        var (posted, _, _) = await treasurer.Call(HttpMethod.Post, "/api/fund/valuations", yearEnd.Replace("2025-12-31", "2026-01-31", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, posted);

        var rv = await treasurer.GetJson("/api/fund/real-value?year=2026");
        Assert.Equal(2025, rv.GetProperty("cpiIndexYearOf").GetInt32());
        Assert.Equal(137.7m, rv.Dec("cpiIndexYear"));
        Assert.Equal(Math.Round(Target2025, 2), Math.Round(rv.Dec("targetNok"), 2));
        Assert.Contains("not published yet", rv.GetProperty("basis").GetString(), StringComparison.Ordinal);

        var compliance = await treasurer.GetJson("/api/compliance?asOf=2026-01-31");
        var check = compliance.GetProperty("checks").EnumerateArray().Single(x => x.GetProperty("limitId").GetString() == "fund.real_value");
        // 3 624 458 944 NOK in 2002-kroner: × 78.7 / 137.7.
        Assert.Equal(Math.Round(3_624_458_944m * 78.7m / 137.7m, 2), Math.Round(check.Dec("actual"), 2));
        Assert.Contains("not published yet", check.GetProperty("note").GetString(), StringComparison.Ordinal);

        var (gz, run, _) = await treasurer.Call(HttpMethod.Post, "/api/fund/green-zone", """{"asOf":"2026-01-31","paths":1000}""");
        Assert.Equal(HttpStatusCode.Created, gz);
        Assert.Equal(Math.Round(Target2025, 0), Math.Round(run.GetProperty("start").Dec("realValueTargetNok"), 0));

        var (_, snapshot, _) = await treasurer.Call(HttpMethod.Post, "/api/snapshots/2026-01");
        var document = snapshot.GetProperty("document");
        var frozen = document.GetProperty("fund").GetProperty("realValue");
        Assert.Equal(2025, frozen.GetProperty("cpiIndexYearOf").GetInt32());
        Assert.Equal(Math.Round(Target2025, 2), Math.Round(frozen.Dec("targetNok"), 2));
        Assert.Equal(System.Text.Json.JsonValueKind.Object, document.GetProperty("greenZone").ValueKind);
        Assert.Equal(Math.Round(Target2025, 0), Math.Round(document.GetProperty("greenZone").Dec("realValueTargetNok"), 0));
        var stress = document.GetProperty("stress");
        Assert.True(stress.GetProperty("partOne").ValueKind == System.Text.Json.JsonValueKind.Object, stress.ToString());
    }
}
