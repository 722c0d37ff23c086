using System.Net;
using System.Text.Json.Nodes;

namespace Finance.Tests.Registers;

/// <summary>
/// The flows register: fund-level flows, the bank reference, 409 on an identical flow, corrections and deletes by a
/// treasurer in the audit trail, and the year's withdrawal as the net of the fund's external flows.
/// </summary>
public sealed class FlowRegisterTests : IDisposable
{
    private readonly FinanceApiFactory _api = new(seed: true);

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task The_2025_withdrawal_is_the_net_of_the_funds_flows_in_the_api_and_the_html_report()
    {
        // db/seed/fund_flows_by_class.csv: −62.6 (equities) −8.1 (bonds) +1.1 (cash transfer) MNOK = −69.6 MNOK net;
        // the report (L1522) states the December withdrawal of 69.6 MNOK.
        var returns = await _api.Viewer().GetJson("/api/fund/returns?year=2025");
        Assert.Equal(69_600_000m, returns.GetProperty("ytd").Dec("withdrawalsNok"));
        var html = await _api.Viewer().GetStringAsync("/api/reports/annual/2025?format=html");
        Assert.Contains("Det ble tatt ut 69,6 mill.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("70,7 mill.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fund_level_flow_is_201_and_the_total_return_uses_it_exactly_while_the_class_returns_say_it_is_not_attributed()
    {
        var treasurer = _api.Treasurer();
        var before = await treasurer.GetJson("/api/fund/returns?year=2025");
        var (status, body, _) = await treasurer.Call(HttpMethod.Post, "/api/fund/flows", """[{"date":"2025-06-30","amountNok":-10000000,"note":"uttak"}]""");
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(JsonValueKindNull, body[0].GetProperty("assetClass").ValueKind);
        Assert.Equal("withdrawal", body[0].GetProperty("kind").GetString());

        var after = await treasurer.GetJson("/api/fund/returns?year=2025");
        var june = after.GetProperty("months")[5];
        var juneBefore = before.GetProperty("months")[5];
        Assert.Equal(-10_000_000m, june.Dec("unattributedFlowsNok"));
        Assert.Contains("not attributed", june.GetProperty("classBasis").GetString(), StringComparison.Ordinal);
        // Reported income (Vedlegg 5b) excludes flows, so the total's income is unchanged; the flow at the month end
        // has Modified Dietz weight 0, so the total's return is the same: income / opening value.
        Assert.Equal(juneBefore.Dec("incomeNok"), june.Dec("incomeNok"));
        Assert.Equal(juneBefore.Dec("totalPct"), june.Dec("totalPct"));
        Assert.Equal(79_600_000m, after.GetProperty("ytd").Dec("withdrawalsNok"));
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    [Fact]
    public async Task A_flow_posted_twice_with_one_reference_is_one_row_and_an_identical_flow_without_a_reference_is_409()
    {
        var treasurer = _api.Treasurer();
        const string flow = """[{"date":"2025-03-14","amountNok":-2500000,"assetClass":"cash","reference":"DNB-2025-03-14-0042"}]""";
        var (first, created, _) = await treasurer.Call(HttpMethod.Post, "/api/fund/flows", flow);
        Assert.Equal(HttpStatusCode.Created, first);
        var id = created[0].GetProperty("id").GetInt64();

        var (again, stored, _) = await treasurer.Call(HttpMethod.Post, "/api/fund/flows", flow);
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal(id, stored[0].GetProperty("id").GetInt64());
        var march = (await treasurer.GetJson("/api/fund/flows?year=2025")).EnumerateArray().Where(f => f.GetProperty("date").GetString() == "2025-03-14").ToList();
        Assert.Single(march);

        var (conflict, problem, _) = await treasurer.Call(HttpMethod.Post, "/api/fund/flows", """[{"date":"2025-03-14","amountNok":-2500000,"assetClass":"cash"}]""");
        Assert.Equal(HttpStatusCode.Conflict, conflict);
        Assert.Equal(id, problem.GetProperty("existingId").GetInt64());
        Assert.Contains($"Flow {id}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_refused_with_409_at_its_second_flow_stores_none_of_its_flows()
    {
        var treasurer = _api.Treasurer();
        var (_, known, _) = await treasurer.Call(HttpMethod.Post, "/api/fund/flows", """[{"date":"2025-04-30","amountNok":-1000000,"assetClass":"cash","reference":"BANK-A"}]""");
        var knownId = known[0].GetProperty("id").GetInt64();
        // The first flow is new; the second names BANK-A with another amount: the whole request is refused.
        var (status, problem, _) = await treasurer.Call(HttpMethod.Post, "/api/fund/flows",
            """[{"date":"2025-05-31","amountNok":-700000,"assetClass":"cash","reference":"BANK-B"},{"date":"2025-04-30","amountNok":-2000000,"assetClass":"cash","reference":"BANK-A"}]""");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal(knownId, problem.GetProperty("existingId").GetInt64());
        var references = (await treasurer.GetJson("/api/fund/flows?year=2025")).EnumerateArray()
            .Select(f => f.TryGetProperty("reference", out var r) ? r.GetString() : null).ToList();
        Assert.Contains("BANK-A", references);
        Assert.DoesNotContain("BANK-B", references);
    }

    [Fact]
    public async Task The_same_reference_twice_in_one_request_is_400_naming_it()
    {
        var (status, problem, _) = await _api.Treasurer().Call(HttpMethod.Post, "/api/fund/flows",
            """[{"date":"2025-03-14","amountNok":-1,"assetClass":"cash","reference":"R1"},{"date":"2025-03-15","amountNok":-2,"assetClass":"cash","reference":"R1"}]""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("'R1'", problem.ErrorText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_treasurer_corrects_and_deletes_a_flow_the_figures_move_and_the_change_log_shows_it_while_a_viewer_gets_403()
    {
        var treasurer = _api.Treasurer();
        var (_, created, _) = await treasurer.Call(HttpMethod.Post, "/api/fund/flows", """[{"date":"2025-12-31","amountNok":-400000}]""");
        var id = created[0].GetProperty("id").GetInt64();
        Assert.Equal(70_000_000m, (await treasurer.GetJson("/api/fund/returns?year=2025")).GetProperty("ytd").Dec("withdrawalsNok"));

        var (_, flow, etag) = await treasurer.Call(HttpMethod.Get, $"/api/fund/flows/{id}");
        var (put, corrected, _) = await treasurer.Call(HttpMethod.Put, $"/api/fund/flows/{id}", flow.With("amountNok", JsonValue.Create(-300000)), etag);
        Assert.Equal(HttpStatusCode.OK, put);
        Assert.Equal(-300_000m, corrected.Dec("amountNok"));
        Assert.Equal(69_900_000m, (await treasurer.GetJson("/api/fund/returns?year=2025")).GetProperty("ytd").Dec("withdrawalsNok"));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await treasurer.Call(HttpMethod.Put, $"/api/fund/flows/{id}", flow.GetRawText(), etag)).Status);

        var (viewerDelete, forbidden, _) = await _api.Viewer().Call(HttpMethod.Delete, $"/api/fund/flows/{id}");
        Assert.Equal(HttpStatusCode.Forbidden, viewerDelete);
        Assert.Contains("viewer", forbidden.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var (deleted, removed, _) = await treasurer.Call(HttpMethod.Delete, $"/api/fund/flows/{id}");
        Assert.Equal(HttpStatusCode.OK, deleted);
        Assert.Equal(-300_000m, removed.Dec("amountNok"));
        Assert.Equal(HttpStatusCode.NotFound, (await treasurer.Call(HttpMethod.Get, $"/api/fund/flows/{id}")).Status);
        Assert.Equal(69_600_000m, (await treasurer.GetJson("/api/fund/returns?year=2025")).GetProperty("ytd").Dec("withdrawalsNok"));

        var log = await _api.Auditor().GetJson("/api/audit?table=fund_flows&actor=test-treasurer");
        var entries = log.EnumerateArray().Where(e => e.GetProperty("rowId").GetInt64() == id).Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(["insert", "update", "delete"], entries);
        Assert.True((await _api.Auditor().GetJson("/api/audit/verify")).GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task A_flow_corrected_after_the_year_was_frozen_moves_the_report_at_once_as_a_new_snapshot_version()
    {
        var treasurer = _api.Treasurer();
        var (frozen, _, _) = await treasurer.Call(HttpMethod.Post, "/api/snapshots/2025-12");
        Assert.Equal(HttpStatusCode.Created, frozen);
        Assert.Contains("Det ble tatt ut 69,6 mill.", await _api.Viewer().GetStringAsync("/api/reports/annual/2025?format=html"), StringComparison.Ordinal);

        var (_, created, _) = await treasurer.Call(HttpMethod.Post, "/api/fund/flows", """[{"date":"2025-12-31","amountNok":-400000}]""");
        var id = created[0].GetProperty("id").GetInt64();
        // 69.6 + 0.4 = 70.0 MNOK, in the December snapshot's version 2 and so in the report.
        Assert.Contains("Det ble tatt ut 70,0 mill.", await _api.Viewer().GetStringAsync("/api/reports/annual/2025?format=html"), StringComparison.Ordinal);
        var snapshot = await _api.Viewer().GetJson("/api/snapshots/2025-12");
        Assert.Equal(2, snapshot.GetProperty("version").GetInt64());
        Assert.Equal(70_000_000m, snapshot.GetProperty("document").GetProperty("fund").Dec("withdrawalsNok"));

        Assert.Equal(HttpStatusCode.OK, (await treasurer.Call(HttpMethod.Delete, $"/api/fund/flows/{id}")).Status);
        Assert.Contains("Det ble tatt ut 69,6 mill.", await _api.Viewer().GetStringAsync("/api/reports/annual/2025?format=html"), StringComparison.Ordinal);
        // The version the report first printed is kept and can still be asked for.
        var first = await _api.Viewer().GetJson("/api/snapshots/2025-12?version=1");
        Assert.Equal(69_600_000m, first.GetProperty("document").GetProperty("fund").Dec("withdrawalsNok"));
    }
}
