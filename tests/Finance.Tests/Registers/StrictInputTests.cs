using System.Net;

namespace Finance.Tests.Registers;

/// <summary>
/// Strict and helpful input: dates exactly yyyy-MM-dd in range everywhere, unknown enum values listing the allowed ones,
/// no .NET type name in any problem, 403 naming both roles, 415 naming the content type.
/// </summary>
public sealed class StrictInputTests : IClassFixture<SeededApi>
{
    private readonly SeededApi _api;

    public StrictInputTests(SeededApi api) => _api = api;

    [Theory]
    [InlineData("/api/stress-tests/offsets/2025-12", "asOf")]
    [InlineData("/api/stress-tests/offsets/2025.5", "asOf")]
    [InlineData("/api/stress-tests/offsets/9999-12-31", "asOf")]
    public async Task A_path_date_that_is_not_exactly_yyyy_MM_dd_or_out_of_range_is_400(string url, string field)
    {
        var (status, problem, _) = await _api.Treasurer().Call(HttpMethod.Put, url, """{"items":[{"item":"x","amountNok":1}]}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(field, problem.ErrorFields());
        Assert.Contains("yyyy-MM-dd", problem.ErrorText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/fund/holdings?asOf=31.12.2025")]
    [InlineData("/api/fund/risk?asOf=9999-12-31")]
    [InlineData("/api/debt/summary?asOf=2025-12")]
    [InlineData("/api/compliance?asOf=0001-01-01")]
    public async Task A_query_date_that_is_not_exactly_yyyy_MM_dd_or_out_of_range_is_400_naming_the_format(string url)
    {
        var (status, problem, _) = await _api.Viewer().Call(HttpMethod.Get, url);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["asOf"], problem.ErrorFields());
        Assert.Contains("yyyy-MM-dd", problem.ErrorText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_date_out_of_the_one_range_is_400()
    {
        var (status, problem, _) = await _api.Treasurer().Call(HttpMethod.Post, "/api/fund/green-zone", """{"asOf":"9999-12-31"}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("asOf", problem.ErrorFields());
    }

    [Fact]
    public async Task An_unknown_enum_value_lists_the_allowed_values_and_no_type_name()
    {
        var (_, loan, _) = await _api.Treasurer().Call(HttpMethod.Get, "/api/loans/1");
        var (status, problem, _) = await _api.Treasurer().Call(HttpMethod.Put, "/api/loans/1", loan.With("rateType", System.Text.Json.Nodes.JsonValue.Create("flytende")));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["rateType"], problem.ErrorFields());
        var message = problem.GetProperty("errors").GetProperty("rateType")[0].GetString()!;
        Assert.Contains("'flytende'", message, StringComparison.Ordinal);
        Assert.Contains("fixed, floating", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PUT", "/api/loans/1", """{"lender":"x","category":"investment","rateType":"fixed","ratePct":"abc","balanceNok":1,"balanceDate":"2025-12-31","maturityDate":"2030-12-31","amortisation":"bullet"}""")]
    [InlineData("PUT", "/api/loans/1", """{"lender":"x"}""")]
    [InlineData("PUT", "/api/loans/1", """{"lender":null,"category":"investment","rateType":"fixed","ratePct":1,"balanceNok":1,"balanceDate":"2025-12-31","maturityDate":"2030-12-31","amortisation":"bullet"}""")]
    [InlineData("PUT", "/api/loans/1", """[1]""")]
    [InlineData("POST", "/api/fund/valuations", """{"date":"2025-12-31"}""")]
    [InlineData("POST", "/api/fund/valuations", """[{"date":"2025-12-31","assetClass":"cash","marketValueNok":true}]""")]
    [InlineData("GET", "/api/fund/returns?year=abc", null)]
    [InlineData("GET", "/api/fund/real-value?year=1e3", null)]
    public async Task No_problem_names_a_dotnet_type(string method, string url, string? body)
    {
        var (status, problem, _) = await _api.Treasurer().Call(new HttpMethod(method), url, body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var text = problem.ErrorText();
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Finance.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("NodaTime", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Int32", text, StringComparison.Ordinal);
        Assert.NotEmpty(problem.ErrorFields());
    }

    [Fact]
    public async Task A_viewers_write_is_403_naming_viewer_and_treasurer()
    {
        var (status, problem, _) = await _api.Viewer().Call(HttpMethod.Put, "/api/market-data/cpi/2026", """{"index":140}""");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("`viewer`", detail, StringComparison.Ordinal);
        Assert.Contains("needs the role `treasurer`", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_json_operation_sent_text_is_415_naming_application_json()
    {
        using var content = new StringContent("index=140", System.Text.Encoding.UTF8, "text/plain");
        var response = await _api.Treasurer().PutAsync("/api/market-data/cpi/2026", content);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("application/json", text, StringComparison.Ordinal);
        Assert.Contains("text/plain", text, StringComparison.Ordinal);
    }
}
