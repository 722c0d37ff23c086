using System.Net;

namespace Finance.Tests.Registers;

/// <summary>A request carrying a keyed list with one key twice is refused with 400 naming the key — never "last one wins".</summary>
public sealed class DuplicateKeyTests : IClassFixture<SeededApi>
{
    private readonly SeededApi _api;

    public DuplicateKeyTests(SeededApi api) => _api = api;

    public static TheoryData<string, string, string, string> Requests => new()
    {
        { "POST", "/api/fund/valuations", """[{"date":"2025-12-31","assetClass":"cash","marketValueNok":1},{"date":"2025-12-31","assetClass":"cash","marketValueNok":2}]""", "2025-12-31 cash" },
        { "PUT", "/api/liquidity/reported/2025", """{"balances":[{"date":"2025-04-30","balanceNok":1},{"date":"2025-04-30","balanceNok":2}]}""", "'2025-04-30'" },
        { "POST", "/api/policy/versions", """{"validFrom":"2026-01-01","limits":[{"limitId":"fund.alloc.equities","min":37,"max":43},{"limitId":"fund.alloc.equities","min":0,"max":100}]}""", "'fund.alloc.equities'" },
        { "POST", "/api/debt/on-lending", """[{"period":"2025","item":"text: restanser","amountNok":1},{"period":"2025","item":"text: restanser","amountNok":2}]""", "'2025 text: restanser'" },
        { "POST", "/api/fund/benchmark-returns", """[{"month":"2025-12","series":"composite","returnPct":1},{"month":"2025-12","series":"composite","returnPct":2}]""", "'2025-12 composite'" },
        { "PUT", "/api/stress-tests/offsets/2025-12-31", """{"items":[{"item":"A","amountNok":1},{"item":"A ","amountNok":2}]}""", "'A'" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task A_key_twice_in_one_request_is_400_naming_it_and_nothing_is_stored(string method, string url, string body, string key)
    {
        var before = await _api.AuditEntries();
        var (status, problem, _) = await _api.Treasurer().Call(new HttpMethod(method), url, body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(key, problem.ErrorText(), StringComparison.Ordinal);
        Assert.Equal(before, await _api.AuditEntries());
    }

    [Fact]
    public async Task An_empty_set_of_offsets_is_400_naming_items_and_nothing_is_stored()
    {
        var before = await _api.AuditEntries();
        var (status, problem, _) = await _api.Treasurer().Call(HttpMethod.Put, "/api/stress-tests/offsets/2026-03-31", """{"items":[]}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("items", problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(before, await _api.AuditEntries());
    }

    [Fact]
    public async Task A_balance_twice_for_one_account_and_date_is_400_naming_it()
    {
        var accounts = await _api.Viewer().GetJson("/api/liquidity/accounts");
        var id = accounts[0].GetProperty("accountId").GetString();
        var (status, problem, _) = await _api.Treasurer().Call(HttpMethod.Post, "/api/liquidity/balances",
            $$"""[{"accountId":"{{id}}","date":"2025-01-02","balanceNok":1},{"accountId":"{{id}}","date":"2025-01-02","balanceNok":2}]""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains($"'{id} 2025-01-02'", problem.ErrorText(), StringComparison.Ordinal);
    }
}
