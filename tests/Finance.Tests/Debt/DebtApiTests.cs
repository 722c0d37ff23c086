using System.Net;
using System.Text;
using System.Text.Json;

namespace Finance.Tests.Debt;

/// <summary>The demo data's debt figures through the running service (acceptance: Note 9 / Tabell 3.1 golden values).</summary>
public class DebtApiSeededTests(SeededApi api) : IClassFixture<SeededApi>
{
    [Fact]
    public async Task Summary_at_2025_year_end_reproduces_the_report()
    {
        var s = await api.Viewer().GetJson("/api/debt/summary?asOf=2025-12-31");
        Assert.Equal(14_229_073_193m, s.Dec("totalNok"));
        Assert.Equal([1_490_000_000m, 800_000_000m, 553_535_125m, 1_508_641_020m, 1_194_044_578m, 8_682_852_470m],
            s.GetProperty("maturityBuckets").EnumerateArray().Select(b => b.Dec("totalNok")));
        Assert.Equal(["0-1", "1-2", "2-3", "3-5", "5-10", "10+"], s.GetProperty("maturityBuckets").EnumerateArray().Select(b => b.GetProperty("bucket").GetString()));
        Assert.Equal(1_490_000_000m, s.Dec("refinancing12mNok"));
        Assert.Equal(10.47m, Math.Round(s.Dec("refinancing12mPct"), 2));
        Assert.True(s.GetProperty("refinancing12mLimit").GetProperty("within").GetBoolean());
        Assert.InRange(s.Dec("weightedAverageRatePct"), 4.022m, 4.024m);
        var kbn = s.GetProperty("byLender").EnumerateArray().Single(l => l.GetProperty("lender").GetString() == "Kommunalbanken");
        Assert.Equal(68.68m, Math.Round(kbn.Dec("sharePct"), 2));
        Assert.Equal(4.221m, Math.Round(kbn.Dec("averageRatePct"), 3));
        Assert.Equal(8_168_972_474m, s.Dec("floatingWithin12mNok"));
        Assert.Equal(32.61m, Math.Round(s.Dec("bulletSharePct"), 2));
        Assert.Equal(122_556_874m, s.Dec("leasesNok")); // Note 9 L7129, kept apart from borrowing
        Assert.Equal(11_929_587_372m, s.Dec("rateExposedNok"));
        Assert.Contains(s.GetProperty("reported").EnumerateArray(), r => r.GetProperty("metric").GetString() == "fixed_rate_share");
        var service = s.GetProperty("debtService");
        Assert.Equal(1_490_000_000m, service.GetProperty("next12m").Dec("maturitiesNok"));
        Assert.Equal(4, service.GetProperty("years").GetArrayLength());
        var sens = service.GetProperty("sensitivity").EnumerateArray().ToList();
        Assert.True(sens[1].Dec("extraInterest12mNok") > sens[0].Dec("extraInterest12mNok"));
    }

    [Fact]
    public async Task Loan_register_lists_67_loans_and_the_lease_and_exports_csv()
    {
        var loans = await api.Viewer().GetJson("/api/loans?asOf=2025-12-31");
        Assert.Equal(68, loans.GetArrayLength());
        Assert.Single(loans.EnumerateArray(), l => l.GetProperty("isLease").GetBoolean());
        var first = loans[0];
        Assert.Equal("1", first.GetProperty("id").GetString());
        Assert.Equal(2.386m, first.Dec("ratePct"));
        Assert.Equal("serial", first.GetProperty("amortisation").GetString());

        var client = api.Auditor();
        client.DefaultRequestHeaders.Accept.ParseAdd("text/csv");
        var response = await client.GetAsync("/api/loans?asOf=2025-12-31");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,lender,product,category,rateType,ratePct,balanceNok,balanceDate,maturityDate,amortisation", lines[0]);
        Assert.Equal(69, lines.Length);
    }

    [Fact]
    public async Task On_lending_figures()
    {
        var o = await api.Viewer().GetJson("/api/debt/on-lending?asOf=2025-12-31");
        Assert.Equal(2_299_485_821m, o.Dec("borrowedForOnLendingNok"));
        Assert.Equal(2_258_172_352.51m, o.Dec("totalLendingNok"));                                    // Note 6
        Assert.Equal(2_258_172_352.51m, o.GetProperty("lendingByCategory").EnumerateArray().Sum(x => decimal.Parse(x.GetProperty("value").GetString()!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(124_936_593.91m, o.Dec("unusedBorrowedFundsNok"));
        Assert.Equal(0.04m, Math.Round(o.Dec("arrearsPct"), 2));
    }

    [Fact]
    public async Task Writes_need_a_treasurer_and_reads_a_key()
    {
        var body = new { lender = "X", category = "investment", rateType = "fixed", ratePct = 1, balanceNok = 1, balanceDate = "2025-12-31", maturityDate = "2030-01-01", amortisation = "bullet" };
        Assert.Equal(HttpStatusCode.Forbidden, (await api.Auditor().Send(HttpMethod.Post, "/api/loans", body)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.Viewer().Send(HttpMethod.Put, "/api/loans/1", body)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Client(null).Send(HttpMethod.Get, "/api/debt/summary?asOf=2025-12-31", null)).Status);
        using var csv = new StringContent("lender\n", Encoding.UTF8, "text/csv");
        Assert.Equal(HttpStatusCode.Forbidden, (await api.Viewer().PostAsync("/api/loans/import", csv)).StatusCode);
    }
}

/// <summary>A hand-made portfolio loaded through the API into an empty database.</summary>
public class DebtApiEmptyTests
{
    private const string Header = "id,lender,product,category,rateType,ratePct,balanceNok,balanceDate,maturityDate,amortisation,nextRateResetDate,green,rateRiskExclusion";

    private static object Loan(string id, string lender, string category, string rateType, decimal rate, decimal balance, string maturity, string amortisation,
        string? reset = null, bool green = false, string? exclusion = null) => new
        {
            id, lender, product = "p", category, rateType, ratePct = rate, balanceNok = balance, balanceDate = "2025-12-31", maturityDate = maturity,
            amortisation, nextRateResetDate = reset, green, rateRiskExclusion = exclusion,
        };

    [Fact]
    public async Task A_loan_posted_without_an_id_gets_the_largest_numeric_id_plus_one()
    {
        using var api = new FinanceApiFactory(seed: false);
        var t = api.Treasurer();
        // Only ids of digits count, leading zeros and all (00042 is 42); letters and ids beyond 18 digits do not.
        foreach (var id in new[] { "A7", "00042", "9", "1234567890123456789" })
        {
            Assert.Equal(HttpStatusCode.Created, (await t.Send(HttpMethod.Post, "/api/loans", Loan(id, "KBN", "investment", "fixed", 4m, 1_000_000m, "2030-12-31", "bullet"))).Status);
        }
        var (status, body) = await t.Send(HttpMethod.Post, "/api/loans", Loan(null!, "KBN", "investment", "fixed", 4m, 1_000_000m, "2030-12-31", "bullet"));
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("43", body.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Portfolio_through_the_api_gives_the_hand_computed_figures()
    {
        using var api = new FinanceApiFactory(seed: false);
        var t = api.Treasurer();
        object[] loans =
        [
            Loan("A", "KBN", "investment", "fixed", 4m, 400_000_000m, "2027-12-31", "bullet", green: true),            // 730 days → 2-3
            Loan("B", "KBN", "investment", "floating", 5m, 300_000_000m, "2026-12-31", "serial", reset: "2026-03-31"),  // 365 days → 1-2
            Loan("C", "Marked", "investment", "fixed", 3m, 200_000_000m, "2026-06-30", "bullet"),                       // 181 days → 0-1
            Loan("D", "Husbanken", "onLending", "floating", 4.5m, 100_000_000m, "2040-12-31", "annuity"),               // exclusion defaults to onLending
        ];
        foreach (var l in loans)
        {
            var (status, body) = await t.Send(HttpMethod.Post, "/api/loans", l);
            Assert.True(status == HttpStatusCode.Created, body.ToString());
        }
        var s = await t.GetJson("/api/debt/summary?asOf=2025-12-31");
        Assert.Equal(1_000_000_000m, s.Dec("totalNok"));
        Assert.Equal([200_000_000m, 300_000_000m, 400_000_000m, 0m, 0m, 100_000_000m], s.GetProperty("maturityBuckets").EnumerateArray().Select(b => b.Dec("totalNok")));
        Assert.Equal(100_000_000m, s.GetProperty("maturityBuckets")[5].Dec("onLendingNok"));
        Assert.Equal(200_000_000m, s.Dec("refinancing12mNok"));
        Assert.Equal(20m, s.Dec("refinancing12mPct"));
        Assert.Equal(4.15m, s.Dec("weightedAverageRatePct"));                   // (400·4 + 300·5 + 200·3 + 100·4.5) / 1000
        Assert.Equal(900_000_000m, s.Dec("rateExposedNok"));
        Assert.Equal(Math.Round(400m / 900m * 100m, 10), Math.Round(s.Dec("fixedSharePct"), 10));
        Assert.Equal([500_000_000m, 0m, 400_000_000m, 0m, 0m, 0m], s.GetProperty("fixingBuckets").EnumerateArray().Select(b => b.Dec("totalNok")));
        Assert.Equal(Math.Round((400m * 730m + 300m * 90m + 200m * 181m) / 365m / 900m, 10), Math.Round(s.Dec("averageFixingYears"), 10)); // 1.0813
        Assert.Equal(600_000_000m, s.Dec("floatingWithin12mNok"));
        Assert.Equal(60m, s.Dec("bulletSharePct"));
        Assert.Equal(40m, s.Dec("greenSharePct"));
        Assert.Equal(20m, s.GetProperty("byLender").EnumerateArray().Single(l => l.GetProperty("lender").GetString() == "Marked").Dec("sharePct"));

        // An instalment on B: the balance history answers both dates; the changes endpoint reports it.
        var (evStatus, _) = await t.Send(HttpMethod.Post, "/api/loans/B/events", new { date = "2026-06-30", kind = "instalment", amountNok = 150_000_000m });
        Assert.Equal(HttpStatusCode.Created, evStatus);
        Assert.Equal(1_000_000_000m, (await t.GetJson("/api/debt/summary?asOf=2025-12-31")).Dec("totalNok"));
        Assert.Equal(650_000_000m, (await t.GetJson("/api/debt/summary?asOf=2026-07-01")).Dec("totalNok")); // C has matured, B paid down
        var changes = await t.GetJson("/api/debt/changes?from=2025-12-31&to=2026-07-01");
        var total = changes.GetProperty("total");
        Assert.Equal(150_000_000m, total.Dec("instalmentsNok"));
        Assert.Equal(200_000_000m, total.Dec("maturedNok"));
        Assert.Equal(-350_000_000m, total.Dec("netChangeNok"));
        Assert.Equal(0m, total.Dec("otherNok"));
        var detail = await t.GetJson("/api/loans/B");
        Assert.Equal(2, detail.GetProperty("history").GetArrayLength());
        Assert.Equal(["newLoan", "instalment"], detail.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
        var (tooMuch, problem) = await t.Send(HttpMethod.Post, "/api/loans/B/events", new { date = "2026-07-01", kind = "instalment", amountNok = 999_000_000m });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMuch);
        Assert.Equal(HttpStatusCode.Conflict, (await t.Send(HttpMethod.Post, "/api/loans", loans[0])).Status);
    }

    [Fact]
    public async Task Invalid_loan_json_is_a_400_naming_the_field()
    {
        using var api = new FinanceApiFactory(seed: false);
        var t = api.Treasurer();
        var (status, body) = await t.Send(HttpMethod.Post, "/api/loans", Loan("X", "KBN", "investment", "fixed", 4m, -5m, "2020-01-01", "bullet"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = body.GetProperty("errors");
        Assert.True(errors.TryGetProperty("balanceNok", out _));
        Assert.True(errors.TryGetProperty("maturityDate", out _));
        var (s2, b2) = await t.Send(HttpMethod.Post, "/api/loans", """{"lender":"KBN","category":"investment","rateType":"fixd","ratePct":4,"balanceNok":1,"balanceDate":"2025-12-31","maturityDate":"2030-01-01","amortisation":"bullet"}""");
        Assert.Equal(HttpStatusCode.BadRequest, s2);
        Assert.Contains("rateType", b2.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, (await t.GetJson("/api/loans")).GetArrayLength());
    }

    [Fact]
    public async Task Csv_import_is_all_or_nothing_with_a_per_row_error_report()
    {
        using var api = new FinanceApiFactory(seed: false);
        var t = api.Treasurer();
        var bad = Header + "\n"
            + "1,KBN,Nibor,investment,floating,4.5,100000000,2025-12-31,2030-01-01,bullet,2026-03-31,false,none\n"
            + "2,KBN,Fast,investment,fixed,abc,100000000,2025-12-31,2030-01-01,bullet,,false,none\n"
            + "3,KBN,Fast,investment,fixed,4,100000000,2025-12-31,2031-01-01,bullet,,maybe,none\n";
        var response = await t.PostAsync("/api/loans/import", new StringContent(bad, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var errors = problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("field").GetString(), e.GetProperty("reason").GetString())).ToList();
        Assert.Contains(errors, e => e.Item1 == 3 && e.Item2 == "ratePct");
        Assert.Contains(errors, e => e.Item1 == 4 && e.Item2 == "green");
        Assert.DoesNotContain(errors, e => e.Item1 == 2);
        Assert.Equal(0, (await t.GetJson("/api/loans")).GetArrayLength()); // nothing stored

        var good = bad.Replace(",abc,", ",4,").Replace(",maybe,", ",true,");
        var ok = await t.PostAsync("/api/loans/import", new StringContent(good, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var s = await t.GetJson("/api/debt/summary?asOf=2025-12-31");
        Assert.Equal(300_000_000m, s.Dec("totalNok"));
        Assert.Equal(100m / 3m, s.Dec("greenSharePct"), 10);

        // Export → import round trip changes nothing.
        var export = await (await t.GetAsync("/api/loans?format=csv")).Content.ReadAsStringAsync();
        var again = await t.PostAsync("/api/loans/import", new StringContent(export, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(3, JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("updated").GetInt32());
        Assert.Equal(300_000_000m, (await t.GetJson("/api/debt/summary?asOf=2025-12-31")).Dec("totalNok"));

        var missingColumn = await t.PostAsync("/api/loans/import", new StringContent("id,lender\n1,KBN\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.BadRequest, missingColumn.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await t.PostAsync("/api/loans/import", new StringContent(good, Encoding.UTF8, "application/json"))).StatusCode);
    }
}
