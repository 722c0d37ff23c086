using System.Net;
using System.Text.Json.Nodes;

namespace Finance.Tests.Registers;

/// <summary>
/// Every register with GET and PUT takes back what its GET returns, changed in one field, with its ETag: read-only
/// members are ignored, unknown ones refused, a stale tag is 412, and a PUT that changes nothing writes no audit entry.
/// </summary>
public sealed class RoundTripTests : IDisposable
{
    private readonly FinanceApiFactory _api = new(seed: true);

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task A_loan_as_read_with_its_rate_changed_is_accepted_with_its_etag_and_a_stale_etag_is_412()
    {
        var treasurer = _api.Treasurer();
        var (status, loan, etag) = await treasurer.Call(HttpMethod.Get, "/api/loans/1");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(etag);
        Assert.True(loan.GetProperty("history").GetArrayLength() > 0);

        var changed = loan.With("ratePct", 5.125m);
        var (putStatus, saved, newTag) = await treasurer.Call(HttpMethod.Put, "/api/loans/1", changed, etag);
        Assert.Equal(HttpStatusCode.OK, putStatus);
        Assert.Equal(5.125m, saved.Dec("ratePct"));
        Assert.NotEqual(etag, newTag);

        // The first tag no longer names the loan: 412, a problem, nothing written.
        var (stale, problem, _) = await treasurer.Call(HttpMethod.Put, "/api/loans/1", loan.With("ratePct", 6m), etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale);
        Assert.Equal(412, problem.GetProperty("status").GetInt32());
        Assert.Equal(5.125m, (await treasurer.GetJson("/api/loans/1")).Dec("ratePct"));
    }

    [Fact]
    public async Task A_commentary_section_as_read_is_taken_back_with_its_etag_and_a_stale_etag_is_412()
    {
        var treasurer = _api.Treasurer();
        const string url = "/api/reports/annual/2025/commentary/outlook";
        var (status, section, etag) = await treasurer.Call(HttpMethod.Get, url);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(etag);

        var (putStatus, saved, newTag) = await treasurer.Call(HttpMethod.Put, url, section.With("text", "Renteutsiktene er usikre."), etag);
        Assert.Equal(HttpStatusCode.OK, putStatus);
        Assert.Equal("Renteutsiktene er usikre.", saved.GetProperty("text").GetString());
        Assert.NotEqual(etag, newTag);

        // The first tag names the version before: 412 and the text stays.
        var (stale, _, _) = await treasurer.Call(HttpMethod.Put, url, section.With("text", "Noe annet."), etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale);
        Assert.Equal("Renteutsiktene er usikre.", (await treasurer.GetJson(url)).GetProperty("text").GetString());

        // The same text again with the current tag: 200, no new version, no audit entry.
        var before = await _api.AuditEntries();
        var (same, _, sameTag) = await treasurer.Call(HttpMethod.Put, url, saved.GetRawText(), newTag);
        Assert.Equal(HttpStatusCode.OK, same);
        Assert.Equal(newTag, sameTag);
        Assert.Equal(before, await _api.AuditEntries());
    }

    [Fact]
    public async Task A_put_that_changes_nothing_answers_200_and_writes_no_audit_entry()
    {
        var treasurer = _api.Treasurer();
        var (_, loan, etag) = await treasurer.Call(HttpMethod.Get, "/api/loans/1");
        var before = await _api.AuditEntries();
        var (status, _, sameTag) = await treasurer.Call(HttpMethod.Put, "/api/loans/1", loan.GetRawText(), etag);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(etag, sameTag);
        Assert.Equal(before, await _api.AuditEntries());
    }

    [Fact]
    public async Task Re_importing_an_unchanged_loan_export_writes_no_audit_entry()
    {
        var treasurer = _api.Treasurer();
        var csv = await treasurer.GetStringAsync("/api/loans?format=csv");
        var before = await _api.AuditEntries();
        using var content = new StringContent(csv, System.Text.Encoding.UTF8, "text/csv");
        var response = await treasurer.PostAsync("/api/loans/import", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before, await _api.AuditEntries());
    }

    [Fact]
    public async Task Re_importing_an_unchanged_valuation_export_writes_no_audit_entry()
    {
        var treasurer = _api.Treasurer();
        var csv = await treasurer.GetStringAsync("/api/fund/valuations?from=2025-01-01&to=2025-12-31&format=csv");
        var before = await _api.AuditEntries();
        using var content = new StringContent(csv, System.Text.Encoding.UTF8, "text/csv");
        var response = await treasurer.PostAsync("/api/fund/valuations/import", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before, await _api.AuditEntries());
    }

    [Fact]
    public async Task An_unknown_member_is_still_refused_naming_it()
    {
        var treasurer = _api.Treasurer();
        var (_, loan, _) = await treasurer.Call(HttpMethod.Get, "/api/loans/1");
        var (status, problem, _) = await treasurer.Call(HttpMethod.Put, "/api/loans/1", loan.With("interestPct", 5m));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("interestPct", problem.ErrorFields());
    }

    [Theory]
    [InlineData("/api/fund/placements/klp-aksjeglobal-msa", "name", "KLP AksjeGlobal Mer Samfunnsansvar (ny)")]
    [InlineData("/api/fund/parameters", "grunnkapitalNok", 1_500_000_001)]
    [InlineData("/api/stress-tests/offsets/2025-12-31", "items", null)]
    [InlineData("/api/fund/returns/history/2010", "returnNok", 123_456_789)]
    [InlineData("/api/liquidity/rates/2025", "nibor3mPct", 5)]
    [InlineData("/api/liquidity/reported/2025", "balances", null)]
    public async Task Placements_parameters_and_offsets_round_trip_and_honour_if_match(string url, string member, object? value)
    {
        var treasurer = _api.Treasurer();
        var getUrl = url.Contains("offsets", StringComparison.Ordinal) ? "/api/stress-tests/offsets?asOf=2025-12-31" : url;
        var (status, body, etag) = await treasurer.Call(HttpMethod.Get, getUrl);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(etag);

        // Unchanged, with its tag: 200 and no audit entry.
        var before = await _api.AuditEntries();
        Assert.Equal(HttpStatusCode.OK, (await treasurer.Call(HttpMethod.Put, url, body.GetRawText(), etag)).Status);
        Assert.Equal(before, await _api.AuditEntries());

        JsonNode? newValue = value switch
        {
            string s => JsonValue.Create(s),
            int n => JsonValue.Create(n),
            _ when member == "balances" => JsonNode.Parse("""[{"date":"2025-04-30","balanceNok":1700000001}]"""),
            _ => JsonNode.Parse("""[{"item":"Rentekompensasjon","amountNok":1000000}]"""),
        };
        var (changed, _, newTag) = await treasurer.Call(HttpMethod.Put, url, body.With(member, newValue), etag);
        Assert.Equal(HttpStatusCode.OK, changed);
        Assert.NotEqual(etag, newTag);
        Assert.True(await _api.AuditEntries() > before);

        var (stale, problem, _) = await treasurer.Call(HttpMethod.Put, url, body.GetRawText(), etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale);
        Assert.Equal(412, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task The_cpi_of_a_year_round_trips_and_honours_if_match()
    {
        var treasurer = _api.Treasurer();
        var (_, cpi, etag) = await treasurer.Call(HttpMethod.Get, "/api/market-data/cpi/2025");
        Assert.Equal(137.7m, cpi.Dec("index"));
        var before = await _api.AuditEntries();
        Assert.Equal(HttpStatusCode.OK, (await treasurer.Call(HttpMethod.Put, "/api/market-data/cpi/2025", cpi.GetRawText(), etag)).Status);
        Assert.Equal(before, await _api.AuditEntries());
        Assert.Equal(HttpStatusCode.OK, (await treasurer.Call(HttpMethod.Put, "/api/market-data/cpi/2025", cpi.With("index", 137.8m), etag)).Status);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await treasurer.Call(HttpMethod.Put, "/api/market-data/cpi/2025", cpi.GetRawText(), etag)).Status);
    }

    [Fact]
    public async Task The_regulations_as_read_with_a_new_valid_from_are_a_new_version()
    {
        var treasurer = _api.Treasurer();
        var policy = await treasurer.GetJson("/api/policy?asOf=2025-12-31");
        var (status, created, _) = await treasurer.Call(HttpMethod.Post, "/api/policy/versions", policy.With("validFrom", JsonValue.Create("2026-01-01")));
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(policy.GetProperty("version").GetInt64() + 1, created.GetProperty("version").GetInt64());
        // Carried over unchanged: the equity band of KS 118/22 stays 37–43.
        var equities = created.GetProperty("limits").EnumerateArray().Single(l => l.GetProperty("limitId").GetString() == "fund.alloc.equities");
        Assert.Equal(37m, equities.Dec("min"));
        Assert.Equal(43m, equities.Dec("max"));
    }

    [Fact]
    public async Task A_year_of_the_history_list_sent_back_changes_nothing()
    {
        var treasurer = _api.Treasurer();
        var history = await treasurer.GetJson("/api/fund/returns/history");
        var year2010 = history.GetProperty("years").EnumerateArray().Single(y => y.GetProperty("year").GetInt32() == 2010);
        var before = await _api.AuditEntries();
        var (status, saved, _) = await treasurer.Call(HttpMethod.Put, "/api/fund/returns/history/2010", year2010.GetRawText());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(year2010.Dec("returnPct"), saved.Dec("returnPct"));
        Assert.Equal(before, await _api.AuditEntries());
    }
}
