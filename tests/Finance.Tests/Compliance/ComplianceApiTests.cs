using System.Net;

namespace Finance.Tests.Compliance;

public sealed class ComplianceApiTests : IDisposable
{
    private readonly FinanceApiFactory _api = new(seed: true);

    public void Dispose() => _api.Dispose();

    private static System.Text.Json.JsonElement CheckOf(System.Text.Json.JsonElement report, string limitId) =>
        report.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("limitId").GetString() == limitId);

    [Fact]
    public async Task The_2025_fund_limits_are_met()
    {
        var r = await _api.Auditor().GetJson("/api/compliance?asOf=2025-12-31");
        Assert.Equal(1, r.GetProperty("policyVersion").GetInt64());
        Assert.Equal(0, r.GetProperty("breaches").GetInt32());
        // Every limit of the 2022 regulations is met at the end of 2025, as the report states ("ingen avvik").
        Assert.Equal(0, r.GetProperty("unknown").GetInt32());
        Assert.All(r.GetProperty("checks").EnumerateArray(), c => Assert.Equal("ok", c.GetProperty("status").GetString()));
        // The green zone from the default Monte Carlo run at the date: 98 % in the report, over the 80 % threshold.
        Assert.InRange(CheckOf(r, "fund.green_zone").Dec("actual"), 96.5m, 99.5m);
        Assert.Equal("computed", CheckOf(r, "fund.green_zone").GetProperty("basis").GetString());
        foreach (var id in new[] { "fund.alloc.equities", "fund.alloc.bonds", "fund.duration.interest_rate", "fund.duration.credit", "fund.real_value", "fund.credit.below_ig_share" })
        {
            Assert.Equal("ok", CheckOf(r, id).GetProperty("status").GetString());
        }
        Assert.Equal("attested", CheckOf(r, "fund.credit.below_ig_share").GetProperty("basis").GetString());
        // Real value in 2002-kroner: 3 624.459 × 78.7 / 137.7 = 2 071.5 MNOK ≥ 1 804.
        Assert.Equal(2071.5m, Math.Round(CheckOf(r, "fund.real_value").Dec("actual") / 1_000_000m, 1));
        Assert.Empty(r.GetProperty("deviations").EnumerateArray());
        Assert.NotEmpty(r.GetProperty("rules").EnumerateArray());
        Assert.Equal(4, r.GetProperty("stressParameters").GetArrayLength());
    }

    [Fact]
    public async Task A_version_whose_band_the_data_breaks_shows_the_breach_and_records_one_deviation()
    {
        var t = _api.Treasurer();
        var (status, version) = await t.Send(HttpMethod.Post, "/api/policy/versions", new
        {
            validFrom = "2025-06-01",
            name = "Tighter equity band",
            limits = new[] { new { limitId = "fund.alloc.equities", min = 39m, max = 40m } },
        });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(2, version.GetProperty("version").GetInt64());
        // The rest carries over from the 2022 version.
        Assert.Contains(version.GetProperty("limits").EnumerateArray(), l => l.GetProperty("limitId").GetString() == "debt.refinancing_12m" && l.Dec("max") == 30m);

        var r = await _api.Viewer().GetJson("/api/compliance?asOf=2025-12-31");
        var equities = CheckOf(r, "fund.alloc.equities");
        Assert.Equal("breach", equities.GetProperty("status").GetString());
        Assert.Equal(40m, equities.Dec("max"));
        var deviation = Assert.Single(r.GetProperty("deviations").EnumerateArray());
        Assert.Equal("fund.alloc.equities", deviation.GetProperty("limitId").GetString());

        // Checking again does not record the same continuing breach twice.
        await _api.Viewer().GetJson("/api/compliance?asOf=2025-12-31");
        var listed = await _api.Auditor().GetJson("/api/deviations?from=2025-01-01&to=2025-12-31");
        Assert.Equal(1, listed.GetArrayLength());

        // Before the new version, the 2022 band applies: no breach.
        var before = await _api.Viewer().GetJson("/api/compliance?asOf=2025-04-30");
        Assert.Equal("ok", CheckOf(before, "fund.alloc.equities").GetProperty("status").GetString());

        var id = deviation.GetProperty("id").GetInt64();
        (status, var handled) = await t.Send(HttpMethod.Put, $"/api/deviations/{id}", new { explanation = "Band tightened mid-year.", handling = "Rebalanced in January.", resolvedOn = "2026-01-15" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("test-treasurer", handled.GetProperty("updatedBy").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await _api.Auditor().Send(HttpMethod.Put, $"/api/deviations/{id}", new { explanation = "x" })).Status);
    }

    [Fact]
    public async Task Policy_versions_are_validated_and_never_overwritten()
    {
        var t = _api.Treasurer();
        var (status, body) = await t.Send(HttpMethod.Post, "/api/policy/versions", new { validFrom = "2026-01-01", limits = new[] { new { limitId = "fund.alloc.equities", min = 45m, max = 40m } } });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("limits[0].min", out _));
        (status, body) = await t.Send(HttpMethod.Post, "/api/policy/versions", new { validFrom = "2026-01-01", limits = new[] { new { limitId = "no.such.limit", max = 1m } } });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("limits[0].limitId", out _));
        (status, _) = await t.Send(HttpMethod.Post, "/api/policy/versions", new { validFrom = "2022-12-14", limits = new[] { new { limitId = "fund.alloc.equities", max = 44m } } });
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _api.Auditor().Send(HttpMethod.Post, "/api/policy/versions", new { validFrom = "2026-01-01", limits = new[] { new { limitId = "fund.alloc.equities", max = 44m } } })).Status);

        var p = await _api.Viewer().GetJson("/api/policy?asOf=2025-12-31");
        Assert.Equal(2m, p.GetProperty("stress").Dec("rateShockPct"));
        Assert.Equal(973_000_000m, p.GetProperty("stress").Dec("riskFrameMaxNok"));
        Assert.Equal("BBB-", p.GetProperty("limits").EnumerateArray().Single(l => l.GetProperty("limitId").GetString() == "fund.credit.min_rating_portfolio").GetProperty("minRating").GetString());
    }
}
