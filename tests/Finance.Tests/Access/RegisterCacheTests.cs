using System.Net;

namespace Finance.Tests.Access;

/// <summary>The holdings are kept while the registers are unchanged: every write through the service shows at once.</summary>
public sealed class RegisterCacheTests : IDisposable
{
    private readonly FinanceApiFactory _api = new(seed: true);

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task A_new_valuation_or_policy_shows_in_the_next_holdings()
    {
        var viewer = _api.Viewer();
        var before = await viewer.GetJson("/api/fund/holdings?asOf=2025-12-31");
        Assert.Equal(3_624_458_944m, before.Dec("totalNok"));
        Assert.Equal(before.ToString(), (await viewer.GetJson("/api/fund/holdings?asOf=2025-12-31")).ToString());

        // One placement's value at the same date, raised by 1 000 000 NOK (an upsert).
        var placement = before.GetProperty("placements")[0];
        var id = placement.GetProperty("placementId").GetString();
        var raised = placement.Dec("marketValueNok") + 1_000_000m;
        var (status, body) = await _api.Treasurer().Send(HttpMethod.Post, "/api/fund/valuations",
            new[] { new { date = "2025-12-31", placementId = id, marketValueNok = raised } });
        Assert.True(status == HttpStatusCode.OK, body.ToString());

        var after = await viewer.GetJson("/api/fund/holdings?asOf=2025-12-31");
        Assert.Equal(3_625_458_944m, after.Dec("totalNok"));
        Assert.Equal(raised, after.GetProperty("placements").EnumerateArray().Single(p => p.GetProperty("placementId").GetString() == id).Dec("marketValueNok"));

        // A date without a valuation is a 404 problem, also the second time.
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync("/api/fund/holdings?asOf=1999-12-31")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync("/api/fund/holdings?asOf=1999-12-31")).StatusCode);
    }
}
