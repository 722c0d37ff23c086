using System.Net;
using System.Text.Json;

namespace Finance.Tests.Api;

/// <summary>Who may write, and what bad input gets: 401/403, and 400 problem+json naming the field with nothing stored.</summary>
public sealed class FundWriteRulesTests : IDisposable
{
    private readonly FinanceApiFactory _api = new(seed: true);

    public void Dispose() => _api.Dispose();

    public static TheoryData<string, string, string> Writes => new()
    {
        { "POST", "/api/fund/valuations", """[{"date":"2025-12-31","assetClass":"cash","marketValueNok":1}]""" },
        { "POST", "/api/fund/flows", """[{"date":"2025-12-31","assetClass":"cash","amountNok":-1}]""" },
        { "POST", "/api/fund/benchmark-returns", """[{"month":"2025-12","series":"composite","returnPct":1}]""" },
        { "PUT", "/api/fund/returns/history/1999", """{"periodYears":1,"returnPct":1}""" },
        { "PUT", "/api/fund/parameters", """{"grunnkapitalNok":1,"realValueBaseNok":1,"realValueBaseYear":2002}""" },
        { "PUT", "/api/market-data/cpi/2026", """{"index":140}""" },
        { "PUT", "/api/fund/placements/x", """{"placementId":"x","name":"X","assetClass":"cash"}""" },
    };

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Writes_need_a_treasurer_key(string method, string url, string body)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _api.Client(null).Send(new HttpMethod(method), url, body)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _api.Client("not-a-key").Send(new HttpMethod(method), url, body)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _api.Viewer().Send(new HttpMethod(method), url, body)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _api.Auditor().Send(new HttpMethod(method), url, body)).Status);
    }

    [Fact]
    public async Task Reads_need_a_key_but_health_and_swagger_do_not()
    {
        var anonymous = _api.Client(null);
        var (status, body) = await anonymous.Send(HttpMethod.Get, "/api/fund/holdings?asOf=2025-12-31", null);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(401, body.GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/swagger/v1/swagger.json")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/swagger/index.html")).StatusCode);
    }

    public static TheoryData<string, string> BadValuations => new()
    {
        { """[{"date":"2025-12-30","assetClass":"cash","marketValueNok":1}]""", "[0].date" },
        { """[{"date":"2025-12-31","assetClass":"gold","marketValueNok":1}]""", "[0].assetClass" },
        { """[{"date":"2025-12-31","assetClass":"cash","marketValueNok":-1}]""", "[0].marketValueNok" },
        { """[{"date":"2025-12-31","assetClass":"cash","marketValueNok":"abc"}]""", "[0].marketValueNok" },
        { """[{"date":"2025-12-31","assetClass":"cash","marketValueNok":"NaN"}]""", "[0].marketValueNok" },
        { """[{"date":"2025-12-31","assetClass":"cash","marketValueNok":1e300}]""", "[0].marketValueNok" },
        { """[{"date":"0001-01-31","assetClass":"cash","marketValueNok":1}]""", "[0].date" },
        { """[{"date":"2025-12-31","placementId":"nope","marketValueNok":1}]""", "[0].placementId" },
        { """[{"date":"2025-12-31","marketValueNok":1}]""", "[0].placementId" },
        { """[{"date":"2025-12-31","assetClass":"cash"}]""", "[0]" },
        { """[{"date":"2025-12-31","assetClass":"cash","marketValue":1,"marketValueNok":1}]""", "[0].marketValue" },
        { """{"date":"2025-12-31"}""", "body" },
        { """[null]""", "body" },
        { """[{"date":"2025-12-31","assetClass":"cash","marketValueNok":1},""", "body" },
    };

    [Theory]
    [MemberData(nameof(BadValuations))]
    public async Task Bad_valuations_are_400_naming_the_field_and_store_nothing(string json, string field)
    {
        var t = _api.Treasurer();
        var before = (await t.GetJson("/api/fund/valuations")).GetArrayLength();
        // A good row first: it must not be stored when a later row is bad.
        var withGoodRow = json.StartsWith('[') ? "[{\"date\":\"2026-01-31\",\"assetClass\":\"cash\",\"marketValueNok\":5}," + json[1..] : json;
        var (status, body) = await t.Send(HttpMethod.Post, "/api/fund/valuations", withGoodRow);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = body.GetProperty("errors");
        var shifted = field.Replace("[0]", "[1]");
        Assert.True(errors.EnumerateObject().Any(e => e.Name.StartsWith(shifted, StringComparison.Ordinal) || e.Name.StartsWith(field, StringComparison.Ordinal) || field == "body"),
            $"expected an error for {field}: {errors}");
        Assert.Equal(before, (await t.GetJson("/api/fund/valuations")).GetArrayLength());
    }

    [Fact]
    public async Task Bad_flows_and_parameters_are_rejected_with_the_field()
    {
        var t = _api.Treasurer();
        var (status, body) = await t.Send(HttpMethod.Post, "/api/fund/flows", """[{"date":"2025-12-31","assetClass":"cash","amountNok":5,"kind":"withdrawal"}]""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("[0].amountNok", out _));
        (status, body) = await t.Send(HttpMethod.Put, "/api/fund/parameters", """{"grunnkapitalNok":-5,"realValueBaseNok":1,"realValueBaseYear":2002}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("grunnkapitalNok", out _));
        (status, body) = await t.Send(HttpMethod.Put, "/api/market-data/cpi/2026", """{"index":0}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("index", out _));
        var p = await t.GetJson("/api/fund/parameters");
        Assert.Equal(1_528_518_969m, p.Dec("grunnkapitalNok"));
    }

    [Fact]
    public async Task Problems_are_problem_json()
    {
        var response = await _api.Treasurer().PostAsync("/api/fund/valuations", new StringContent("[{", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(400, doc.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_valuation_upsert_replaces_the_value_for_the_same_date_and_placement()
    {
        var t = _api.Treasurer();
        var row = """[{"date":"2026-01-31","placementId":"fund-bank-account","marketValueNok":100}]""";
        Assert.Equal(HttpStatusCode.OK, (await t.Send(HttpMethod.Post, "/api/fund/valuations", row)).Status);
        Assert.Equal(HttpStatusCode.OK, (await t.Send(HttpMethod.Post, "/api/fund/valuations", row.Replace("100", "250"))).Status);
        var rows = await t.GetJson("/api/fund/valuations?from=2026-01-31&to=2026-01-31");
        Assert.Equal(1, rows.GetArrayLength());
        Assert.Equal(250m, rows[0].Dec("marketValueNok"));
    }
}
