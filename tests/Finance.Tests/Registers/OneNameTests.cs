using System.Net;
using System.Text.Json;

namespace Finance.Tests.Registers;

/// <summary>The frozen snapshot, the report JSON and the live endpoints use the same name and shape for the same figure.</summary>
public sealed class OneNameTests : IClassFixture<SeededApi>
{
    private static readonly string[] OldNames = ["classes", "lenders", "limits", "daysCovered", "cpiBase", "cpiBaseYear", "fixingYearsBand", "service", "breachCount", "unknownCount", "thresholdPct", "riskFrameTargetNok", "riskFrameMaxNok", "riskFrameStatus"];

    private readonly SeededApi _api;

    public OneNameTests(SeededApi api) => _api = api;

    private static IEnumerable<string> Names(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Names(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Names),
        _ => [],
    };

    [Fact]
    public async Task The_snapshot_uses_the_live_names_and_get_and_post_answer_the_same_shape()
    {
        var (status, posted, _) = await _api.Treasurer().Call(HttpMethod.Post, "/api/snapshots/2025-12");
        Assert.True(status is HttpStatusCode.Created or HttpStatusCode.OK);
        var got = await _api.Viewer().GetJson("/api/snapshots/2025-12");
        Assert.Equal(posted.EnumerateObject().Select(p => p.Name), got.EnumerateObject().Select(p => p.Name));
        Assert.Equal(posted.GetProperty("hash").GetString(), got.GetProperty("hash").GetString());

        var document = got.GetProperty("document");
        var names = Names(document).ToHashSet(StringComparer.Ordinal);
        Assert.Equal("", string.Join(",", OldNames.Where(names.Contains)));

        // The same figure under the same name as the live endpoints (Note 7, Note 25, the regulations of KS 118/22).
        var holdings = await _api.Viewer().GetJson("/api/fund/holdings?asOf=2025-12-31");
        var equities = document.GetProperty("fund").GetProperty("assetClasses").EnumerateArray().Single(k => k.GetProperty("assetClass").GetString() == "equities");
        Assert.Equal(holdings.GetProperty("assetClasses")[0].Dec("weightPct"), equities.Dec("weightPct"));

        var summary = await _api.Viewer().GetJson("/api/debt/summary?asOf=2025-12-31");
        Assert.Equal(summary.GetProperty("byLender")[0].Dec("balanceNok"), document.GetProperty("debt").GetProperty("byLender")[0].Dec("balanceNok"));
        Assert.Equal(summary.GetProperty("fixingBuckets")[0].Dec("pct"), document.GetProperty("debt").GetProperty("fixingBuckets")[0].Dec("pct"));
        Assert.True(document.GetProperty("debt").TryGetProperty("debtService", out _));
        Assert.True(document.GetProperty("debt").TryGetProperty("averageFixingYearsBand", out _));

        var compliance = await _api.Viewer().GetJson("/api/compliance?asOf=2025-12-31");
        Assert.Equal(compliance.GetProperty("checks").GetArrayLength(), document.GetProperty("compliance").GetProperty("checks").GetArrayLength());
        Assert.Equal(compliance.GetProperty("breaches").GetInt32(), document.GetProperty("compliance").GetProperty("breaches").GetInt32());

        var liquidity = await _api.Viewer().GetJson("/api/liquidity/summary?year=2025");
        Assert.Equal(liquidity.GetProperty("daysWithBalances").GetInt32(), document.GetProperty("liquidity").GetProperty("daysWithBalances").GetInt32());
        Assert.Equal(liquidity.GetProperty("source").GetString(), document.GetProperty("liquidity").GetProperty("source").GetString());

        // The risk frame nested as the stored stress test has it (615 / 973 MNOK, KS 118/22; 945.94 MNOK is below the maximum).
        var (_, created, _) = await _api.Treasurer().Call(HttpMethod.Post, "/api/stress-tests", """{"asOf":"2025-12-31"}""");
        var liveFrame = created.GetProperty("result").GetProperty("riskFrame");
        var frozenFrame = document.GetProperty("stress").GetProperty("riskFrame");
        Assert.Equal(liveFrame.Dec("targetNok"), frozenFrame.Dec("targetNok"));
        Assert.Equal(liveFrame.Dec("maxNok"), frozenFrame.Dec("maxNok"));
        Assert.Equal("belowMaximum", liveFrame.GetProperty("status").GetString());
        Assert.Equal(liveFrame.GetProperty("status").GetString(), frozenFrame.GetProperty("status").GetString());

        // KPI 137.7 / 78.7 (SSB, annual averages 2025 and 2002): index levels, named as such.
        var realValue = await _api.Viewer().GetJson("/api/fund/real-value?year=2025");
        Assert.Equal(78.7m, realValue.Dec("cpiIndexBaseYear"));
        Assert.Equal(137.7m, realValue.Dec("cpiIndexYear"));
        var frozen = document.GetProperty("fund").GetProperty("realValue");
        Assert.Equal(78.7m, frozen.Dec("cpiIndexBaseYear"));
        Assert.Equal(realValue.Dec("targetNok"), frozen.Dec("targetNok"));

        var report = await _api.Viewer().GetJson("/api/reports/annual/2025?format=json");
        var figures = Names(report.GetProperty("figures")).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("assetClasses", figures);
        Assert.Contains("byLender", figures);
        Assert.Contains("checks", figures);
        Assert.Equal("", string.Join(",", OldNames.Where(figures.Contains)));
    }
}
