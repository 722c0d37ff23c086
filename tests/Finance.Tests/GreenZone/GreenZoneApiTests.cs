using System.Net;
using System.Text;
using System.Text.Json;

namespace Finance.Tests.GreenZone;

/// <summary>
/// The green-zone endpoints on the Bærum 2025 reference data. Golden values: Vedlegg 1 of the 2025 report (L1918–1921):
/// P(real value kept) 98 %, P(buffer lost) 0 %, estimated real value 4 248 and market value 6 482 MNOK after 15 years.
/// </summary>
public class GreenZoneApiTests(SeededApi api) : IClassFixture<SeededApi>
{
    private const string Url = "/api/fund/green-zone";

    private static async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> Post(HttpClient client, string url, string json)
    {
        var response = await client.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    [Fact]
    public async Task The_default_run_on_the_2025_data_reproduces_the_report()
    {
        var (status, body, response) = await Post(api.Treasurer(), Url, """{ "asOf": "2025-12-31" }""");
        Assert.Equal(HttpStatusCode.Created, status);
        var run = JsonDocument.Parse(body).RootElement;
        Assert.Equal($"{Url}/{run.GetProperty("id").GetString()}", response.Headers.Location?.ToString());

        Assert.Equal(100_000, run.GetProperty("paths").GetInt32());
        Assert.Equal(20251231, run.GetProperty("seed").GetInt64());
        Assert.Equal(1, run.GetProperty("assumptionsVersion").GetInt32());
        Assert.InRange(run.Dec("probabilityRealValueKeptPct"), 96.5m, 99.5m);
        Assert.Equal("green", run.GetProperty("zone").GetString());
        Assert.Equal(80m, run.Dec("greenZoneThresholdPct"));
        Assert.Equal(0m, run.Dec("probabilityBufferLostPct"));
        Assert.InRange(run.Dec("probabilityBufferLostAnyYearPct"), 0m, 0.01m);
        // Real-value target after 15 years: 1 804 MNOK × 137.7/78.7 × 1.02^15 = 4 248.1 MNOK (report: 4 248, "estimert realverdi").
        Assert.InRange(run.Dec("realValueTargetAtHorizonNok"), 4_246_000_000m, 4_250_000_000m);
        // The expected real value is the mean market value at the horizon in today's kroner: / 1.02^15 (deterministic inflation).
        Assert.InRange(run.Dec("expectedRealValueNok") - run.Dec("expectedMarketValueNok") / 1.3458683383241296m, -1m, 1m);
        Assert.True(run.Dec("expectedRealValueNok") > run.Dec("realValueTargetAtHorizonNok"));
        Assert.InRange(run.Dec("expectedMarketValueNok"), 6_482_000_000m * 0.98m, 6_482_000_000m * 1.02m);
        Assert.True(run.Dec("medianMarketValueNok") < run.Dec("expectedMarketValueNok"), "A lognormal's median is below its mean.");
        Assert.InRange(run.Dec("probabilityRealValueKeptStandardErrorPct"), 0.01m, 0.1m);

        var start = run.GetProperty("start");
        Assert.Equal(3_624_458_944m, start.Dec("marketValueNok"));
        Assert.Equal(1_528_518_969m, start.Dec("grunnkapitalNok"));
        Assert.InRange(start.Dec("realValueTargetNok"), 3_156_000_000m, 3_157_000_000m);

        var assumptions = run.GetProperty("assumptions");
        Assert.Equal(5.1m, Math.Round(assumptions.Dec("portfolioVolatilityPct"), 1));
        Assert.Equal(2, assumptions.GetProperty("assetClasses").GetArrayLength());

        var years = run.GetProperty("percentiles");
        Assert.Equal(16, years.GetArrayLength());
        var last = years[15];
        Assert.Equal(15, last.GetProperty("year").GetInt32());
        Assert.True(last.Dec("p5Nok") < last.Dec("p25Nok") && last.Dec("p25Nok") < last.Dec("p50Nok")
            && last.Dec("p50Nok") < last.Dec("p75Nok") && last.Dec("p75Nok") < last.Dec("p95Nok"));
        Assert.Equal(run.Dec("medianMarketValueNok"), last.Dec("p50Nok"));
        Assert.True(last.Dec("p50RealNok") < last.Dec("p50Nok"));
    }

    [Fact]
    public async Task The_same_seed_gives_identical_json_and_the_stored_run_returns_the_same_bytes()
    {
        const string request = """{ "asOf": "2025-12-31", "paths": 20000, "seed": 12345, "horizonYears": 10 }""";
        var first = await Post(api.Treasurer(), Url, request);
        var second = await Post(api.Treasurer(), Url, request);
        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.Created, second.Status);
        Assert.Equal(first.Body, second.Body);

        var location = first.Response.Headers.Location!.ToString();
        foreach (var client in new[] { api.Treasurer(), api.Auditor(), api.Viewer() })
        {
            var response = await client.GetAsync(location);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(Encoding.UTF8.GetBytes(first.Body), await response.Content.ReadAsByteArrayAsync());
            Assert.Equal(first.Response.Headers.GetValues("Repr-Digest").Single(), response.Headers.GetValues("Repr-Digest").Single());
        }

        var other = await Post(api.Treasurer(), Url, request.Replace("12345", "12346"));
        Assert.Equal(HttpStatusCode.Created, other.Status);
        Assert.NotEqual(first.Response.Headers.Location, other.Response.Headers.Location);
        Assert.NotEqual(JsonDocument.Parse(first.Body).RootElement.Dec("expectedMarketValueNok"), JsonDocument.Parse(other.Body).RootElement.Dec("expectedMarketValueNok"));
    }

    [Fact]
    public async Task The_expected_real_value_is_the_mean_value_at_the_horizon_in_todays_kroner_by_hand()
    {
        // No volatility, no withdrawal, no costs: every path grows by exactly 5 % a year (drift ln 1.05 − 0²/2).
        // By hand: market value after 15 years = 1 000 000 000 × 1.05^15 = 2 078 928 179.41;
        // in today's kroner (inflation 2 %): × (1.05 / 1.02)^15 = 1 544 674 259.89;
        // the real-value target at the horizon = 1 000 000 000 × 1.02^15 = 1 345 868 338.32.
        const string request = """
            {
              "asOf": "2025-12-31", "paths": 1000, "seed": 7, "steps": "annual", "horizonYears": 15,
              "marketValueNok": 1000000000, "realValueTargetNok": 1000000000, "grunnkapitalNok": 500000000, "inflationPct": 2,
              "withdrawal": { "kind": "none" },
              "assetClasses": [ { "assetClass": "equities", "weightPct": 100, "expectedReturnPct": 5, "volatilityPct": 0 } ],
              "costPct": 0
            }
            """;
        var (status, body, _) = await Post(api.Treasurer(), Url, request);
        Assert.Equal(HttpStatusCode.Created, status);
        var run = JsonDocument.Parse(body).RootElement;
        Assert.InRange(run.Dec("expectedMarketValueNok"), 2_078_928_178m, 2_078_928_180m);
        Assert.InRange(run.Dec("expectedRealValueNok"), 1_544_674_259m, 1_544_674_261m);
        Assert.InRange(run.Dec("realValueTargetAtHorizonNok"), 1_345_868_337m, 1_345_868_339m);
        Assert.Equal(100m, run.Dec("probabilityRealValueKeptPct"));
    }

    [Fact]
    public async Task Explicit_inputs_override_the_stored_data()
    {
        const string request = """
            {
              "asOf": "2025-12-31", "paths": 20000, "seed": 1, "steps": "annual", "horizonYears": 15,
              "marketValueNok": 1000000000, "realValueTargetNok": 1000000000, "grunnkapitalNok": 800000000, "inflationPct": 2.5,
              "withdrawal": { "kind": "none" },
              "assetClasses": [ { "assetClass": "equities", "weightPct": 100, "expectedReturnPct": 6, "volatilityPct": 15 } ],
              "costPct": 0, "greenZoneThresholdPct": 90
            }
            """;
        var (status, body, _) = await Post(api.Treasurer(), Url, request);
        Assert.Equal(HttpStatusCode.Created, status);
        var run = JsonDocument.Parse(body).RootElement;
        Assert.Equal("yearly", run.GetProperty("assumptions").GetProperty("rebalancing").GetString());
        Assert.Equal("notGreen", run.GetProperty("zone").GetString());
        // Closed form: P = 1 − Φ((15·ln 1.025 − 15·(ln 1.06 − 0.15²/2)) / (0.15·√15)) = Φ(0.5764) = 71.8 %; 3 SE ≈ 1 pp.
        Assert.InRange(run.Dec("probabilityRealValueKeptPct"), 70.8m, 72.8m);
        Assert.Null(run.GetProperty("start").GetProperty("valuationDate").GetString());

        // One listed class without a weight is the whole portfolio: the same run.
        var (again, againBody, _) = await Post(api.Treasurer(), Url, request.Replace("\"weightPct\": 100, ", ""));
        Assert.Equal(HttpStatusCode.Created, again);
        Assert.Equal(run.GetProperty("id").GetString(), JsonDocument.Parse(againBody).RootElement.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("""{ "paths": 0 }""", "paths")]
    [InlineData("""{ "paths": 2000001 }""", "paths")]
    [InlineData("""{ "horizonYears": 51 }""", "horizonYears")]
    [InlineData("""{ "horizonYears": 0 }""", "horizonYears")]
    [InlineData("""{ "seed": -1 }""", "seed")]
    [InlineData("""{ "steps": "annual", "rebalancing": "monthly" }""", "rebalancing")]
    [InlineData("""{ "assetClasses": [ { "assetClass": "equities", "weightPct": 50 }, { "assetClass": "bonds", "weightPct": 40 } ] }""", "assetClasses")]
    [InlineData("""{ "assetClasses": [ { "assetClass": "equities", "weightPct": 40, "volatilityPct": -1 }, { "assetClass": "bonds" } ] }""", "assetClasses[0].volatilityPct")]
    [InlineData("""{ "correlations": [ { "a": "equities", "b": "bonds", "rho": 1.5 } ] }""", "correlations[0].rho")]
    [InlineData("""{ "correlations": [ { "a": "equities", "b": "bonds", "rho": 0.2 }, { "a": "bonds", "b": "equities", "rho": 0.3 } ] }""", "correlations")]
    [InlineData("""{ "assetClasses": [ { "assetClass": "equities", "weightPct": 40 }, { "assetClass": "bonds", "weightPct": 50 }, { "assetClass": "cash", "weightPct": 10 } ], "correlations": [ { "a": "equities", "b": "bonds", "rho": 0.9 }, { "a": "equities", "b": "cash", "rho": 0.9 }, { "a": "bonds", "b": "cash", "rho": -0.9 } ] }""", "correlations")]
    [InlineData("""{ "withdrawal": { "kind": "percentOfValue", "pct": 101 } }""", "withdrawal.pct")]
    [InlineData("""{ "inflationPct": -100 }""", "inflationPct")]
    [InlineData("""{ "marketValueNok": -1 }""", "marketValueNok")]
    [InlineData("""{ "pathz": 10 }""", "pathz")]
    [InlineData("""{ "steps": "weekly" }""", "steps")]
    public async Task Bad_input_is_a_400_that_names_the_field(string json, string field)
    {
        var request = json.Insert(1, """ "asOf": "2025-12-31", """);
        var (status, body, response) = await Post(api.Treasurer(), Url, request);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"Expected an error for '{field}': {body}");
    }

    [Fact]
    public async Task A_post_without_a_body_runs_on_todays_position_with_every_default()
    {
        var response = await api.Treasurer().PostAsync(Url, null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var run = JsonDocument.Parse(body).RootElement;
        // Today is after the last valuation: the run starts from the valuation of 2025-12-31 and its real-value target.
        Assert.Equal("2025-12-31", run.GetProperty("start").GetProperty("valuationDate").GetString());
        Assert.InRange(run.GetProperty("start").Dec("realValueTargetNok"), 3_156_000_000m, 3_157_000_000m);
        Assert.Equal("green", run.GetProperty("zone").GetString());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_green_zone()
    {
        var doc = await api.Client(null).GetStringAsync("/swagger/v1/swagger.json");
        Assert.Contains("/api/fund/green-zone/assumptions", doc);
        Assert.Contains("probabilityRealValueKeptPct", doc);
        Assert.Contains("grønn sone", doc);
    }

    [Fact]
    public async Task Only_a_treasurer_may_run_and_everyone_with_a_key_may_read()
    {
        var (auditorStatus, _, _) = await Post(api.Auditor(), Url, """{ "paths": 1000 }""");
        Assert.Equal(HttpStatusCode.Forbidden, auditorStatus);
        var (viewerStatus, _, _) = await Post(api.Viewer(), Url, """{ "paths": 1000 }""");
        Assert.Equal(HttpStatusCode.Forbidden, viewerStatus);
        var (anonymousStatus, _, _) = await Post(api.Client(null), Url, """{ "paths": 1000 }""");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousStatus);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Auditor().GetAsync($"{Url}/0123456789abcdef0123456789abcdef")).StatusCode);
        var (auditorAssumptions, _, _) = await Post(api.Auditor(), $"{Url}/assumptions", """{ "validFrom": "2030-01-01" }""");
        Assert.Equal(HttpStatusCode.Forbidden, auditorAssumptions);
    }

    [Fact]
    public async Task Assumptions_are_versioned_and_a_run_uses_the_version_in_force()
    {
        var v1 = await api.Viewer().GetJson($"{Url}/assumptions?asOf=2025-12-31");
        Assert.Equal(1, v1.GetProperty("version").GetInt32());
        Assert.Equal(2.0m, v1.Dec("inflationPct"));
        Assert.Equal("percentOfValue", v1.GetProperty("withdrawal").GetProperty("kind").GetString());
        var classes = v1.GetProperty("assetClasses").EnumerateArray().ToDictionary(c => c.GetProperty("assetClass").GetString()!);
        Assert.Equal(11.4m, classes["equities"].Dec("volatilityPct"));
        Assert.Equal(8.0m, classes["equities"].Dec("expectedReturnPct"));
        Assert.Equal(4.6m, classes["bonds"].Dec("expectedReturnPct"));

        var (status, body, response) = await Post(api.Treasurer(), $"{Url}/assumptions", """
            { "validFrom": "2031-01-01", "name": "Test 2031", "inflationPct": 3.0,
              "assetClasses": [ { "assetClass": "equities", "expectedReturnPct": 7.0, "volatilityPct": 16.0, "source": "test" } ] }
            """);
        Assert.Equal(HttpStatusCode.Created, status);
        var v2 = JsonDocument.Parse(body).RootElement;
        Assert.Equal(3.0m, v2.Dec("inflationPct"));
        Assert.Equal(4.6m, v2.GetProperty("assetClasses").EnumerateArray().Single(c => c.GetProperty("assetClass").GetString() == "bonds").Dec("expectedReturnPct"));
        Assert.Equal("test-treasurer", v2.GetProperty("createdBy").GetString());
        var again = await api.Auditor().GetJson(response.Headers.Location!.ToString());
        Assert.Equal(v2.GetProperty("version").GetInt32(), again.GetProperty("version").GetInt32());

        var (conflict, _, _) = await Post(api.Treasurer(), $"{Url}/assumptions", """{ "validFrom": "2031-01-01", "inflationPct": 1.0 }""");
        Assert.Equal(HttpStatusCode.Conflict, conflict);
        var (bad, badBody, _) = await Post(api.Treasurer(), $"{Url}/assumptions", """{ "validFrom": "2032-01-01", "correlations": [ { "a": "equities", "b": "bonds", "rho": -1.2 } ] }""");
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Contains("correlations[0].rho", badBody);

        var (runStatus, runBody, _) = await Post(api.Treasurer(), Url, """{ "asOf": "2031-06-30", "paths": 2000, "marketValueNok": 4000000000, "realValueTargetNok": 3500000000 }""");
        Assert.Equal(HttpStatusCode.Created, runStatus);
        var run = JsonDocument.Parse(runBody).RootElement;
        Assert.Equal(v2.GetProperty("version").GetInt32(), run.GetProperty("assumptionsVersion").GetInt32());
        Assert.Equal(3.0m, run.GetProperty("assumptions").Dec("inflationPct"));
    }
}

/// <summary>An empty database: the assumptions are reference data from the migration; the fund data must be given.</summary>
public class GreenZoneWithoutDemoDataTests : IDisposable
{
    private readonly FinanceApiFactory _api = new(seed: false);

    public void Dispose()
    {
        _api.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Runs_need_explicit_fund_data_but_the_assumptions_are_there()
    {
        var assumptions = await _api.Viewer().GetJson("/api/fund/green-zone/assumptions?asOf=2025-12-31");
        Assert.Equal(1, assumptions.GetProperty("version").GetInt32());

        var (missing, _) = await _api.Treasurer().Send(HttpMethod.Post, "/api/fund/green-zone", """{ "asOf": "2025-12-31", "paths": 1000 }""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing);

        var (status, run) = await _api.Treasurer().Send(HttpMethod.Post, "/api/fund/green-zone", """
            { "asOf": "2025-12-31", "paths": 5000, "marketValueNok": 3624458944, "realValueTargetNok": 3156429479, "grunnkapitalNok": 1528518969,
              "assetClasses": [ { "assetClass": "equities", "weightPct": 40 }, { "assetClass": "bonds", "weightPct": 60 } ] }
            """);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(80m, run.Dec("greenZoneThresholdPct"));
        Assert.Equal("green", run.GetProperty("zone").GetString());
    }
}
