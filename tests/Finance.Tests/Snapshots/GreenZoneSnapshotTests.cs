using System.Net;
using Finance.Core.Common;

namespace Finance.Tests.Snapshots;

public sealed class GreenZoneSnapshotTests(SeededApi api) : IClassFixture<SeededApi>
{
    [Fact]
    public async Task The_year_end_snapshot_freezes_the_default_green_zone_run_and_the_report_shows_it()
    {
        var (status, body) = await api.Treasurer().Send(HttpMethod.Post, "/api/snapshots/2025-12", null);
        Assert.True(status is HttpStatusCode.Created or HttpStatusCode.OK, body.ToString());
        var g = body.GetProperty("document").GetProperty("greenZone");
        // Vedlegg 1 (2025): 98 %, 0 %, estimated real value 4 248 and market value 6 482 MNOK after 15 years.
        Assert.InRange(g.Dec("probabilityRealValueKeptPct"), 96.5m, 99.5m);
        Assert.Equal(0m, g.Dec("probabilityBufferLostPct"));
        Assert.Equal("green", g.GetProperty("zone").GetString());
        Assert.Equal(4248m, Money.ToMnok(g.Dec("realValueTargetAtHorizonNok")));
        Assert.InRange(g.Dec("expectedRealValueNok") - g.Dec("expectedMarketValueNok") / 1.3458683383241296m, -1m, 1m);
        Assert.InRange(g.Dec("expectedMarketValueNok"), 6482m * 0.98m * 1_000_000m, 6482m * 1.02m * 1_000_000m);
        Assert.Equal(20251231, g.GetProperty("seed").GetInt64());
        Assert.Equal(16, g.GetProperty("percentiles").GetArrayLength());
        Assert.Equal(80m, g.Dec("greenZoneThresholdPct"));

        var html = WebUtility.HtmlDecode(await api.Viewer().GetStringAsync("/api/reports/annual/2025?format=html")).Replace('\u00A0', ' ').Replace('\u202F', ' ');
        Assert.Contains("Grønn sone", html);
        Assert.Contains("beregnet til 98 prosent", html);
        Assert.Contains("4 248", html);
    }
}
