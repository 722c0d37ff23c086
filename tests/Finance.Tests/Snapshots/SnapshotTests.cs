using System.Data.Common;
using System.Net;
using Dapper;
using Finance.Core.Common;

namespace Finance.Tests.Snapshots;

/// <summary>Monthly snapshots over the API on the reference data (golden values: data README, Tabell 4.2, Vedlegg 5e).</summary>
public class SnapshotTests
{
    [Fact]
    public async Task Running_a_month_twice_returns_the_same_snapshot_with_the_same_hash()
    {
        using var api = new SeededApi();
        var (first, a) = await api.Treasurer().Send(HttpMethod.Post, "/api/snapshots/2025-12", null);
        var (second, b) = await api.Treasurer().Send(HttpMethod.Post, "/api/snapshots/2025-12", null);
        Assert.Equal(HttpStatusCode.Created, first);
        Assert.Equal(HttpStatusCode.OK, second);
        Assert.Equal(a.GetProperty("hash").GetString(), b.GetProperty("hash").GetString());
        Assert.Equal(1, b.GetProperty("version").GetInt32());
        Assert.False(b.GetProperty("created").GetBoolean());
        Assert.Equal(64, a.GetProperty("hash").GetString()!.Length);

        var document = b.GetProperty("document");
        var stress = document.GetProperty("stress");
        // Tabell 4.2: 2 169.404449 × 2 % × 2.9 + 1 453.275971 × 50 % + 1.778524 × 2 % × 0.01 = 852.46 MNOK.
        Assert.Equal(852_463_799.2468m, stress.GetProperty("partTwo").Dec("totalNok"));
        Assert.Equal(852m, Money.ToMnok(stress.GetProperty("partTwo").Dec("totalNok")));
        Assert.Equal(41m, Money.Round(stress.Dec("partTwoPctOfBuffer")));
        // Part 1 from the loan and liquidity registers: 93.48 MNOK; the total 945.94 MNOK (Tabell 4.1 + 4.2).
        Assert.Equal(93.48m, Money.ToMnok(stress.GetProperty("partOne").Dec("totalNok"), 2));
        Assert.Equal(945.94m, Money.ToMnok(stress.Dec("totalNok"), 2));
        var frame = stress.GetProperty("riskFrame");
        Assert.Equal("belowMaximum", frame.GetProperty("status").GetString());
        Assert.False(stress.TryGetProperty("riskFrameStatus", out _));
        Assert.Empty(stress.GetProperty("missing").EnumerateArray());

        var fund = document.GetProperty("fund");
        var realValue = fund.GetProperty("realValue");
        Assert.Equal(3156m, Money.ToMnok(realValue.Dec("targetNok")));
        Assert.Equal(468m, Money.ToMnok(realValue.Dec("surplusNok")));
        Assert.Equal(2096m, Money.ToMnok(fund.GetProperty("buffer").Dec("bufferCapitalNok")));
        Assert.Equal(7.1m, Money.Round(fund.GetProperty("ytd").Dec("totalPct"), 1));
        Assert.Equal(301.3m, Money.Round(fund.GetProperty("history").Dec("accumulatedPct"), 1));
        Assert.Equal(5.6m, Money.Round(fund.GetProperty("history").Dec("averageAnnualPct"), 1));

        var got = await api.Viewer().GetJson("/api/snapshots/2025-12");
        Assert.Equal(a.GetProperty("hash").GetString(), got.GetProperty("hash").GetString());
        Assert.Single(got.GetProperty("versions").EnumerateArray());
        var list = await api.Viewer().GetJson("/api/snapshots?year=2025");
        Assert.Single(list.EnumerateArray());
    }

    [Fact]
    public async Task Snapshots_cannot_be_changed_or_deleted()
    {
        using var api = new SeededApi();
        await api.Treasurer().Send(HttpMethod.Post, "/api/snapshots/2025-11", null);
        using var c = TestStore.OpenOutside(api.ConnectionString);
        var update = Assert.ThrowsAny<DbException>(() => c.Execute("UPDATE snapshots SET document = '{}' WHERE month = '2025-11'"));
        Assert.Contains("immutable", update.Message);
        Assert.Contains("immutable", Assert.ThrowsAny<DbException>(() => c.Execute("DELETE FROM snapshots")).Message);
        Assert.Equal(1, c.ExecuteScalar<long>("SELECT COUNT(*) FROM snapshots"));
    }

    [Fact]
    public async Task A_data_correction_makes_a_new_labelled_version_and_the_report_keeps_the_frozen_one()
    {
        using var api = new SeededApi();
        var treasurer = api.Treasurer();
        var (_, v1) = await treasurer.Send(HttpMethod.Post, "/api/snapshots/2025-12", null);

        // The bank account's December value is corrected by +1 MNOK after the month was frozen.
        var (corrected, _) = await treasurer.Send(HttpMethod.Post, "/api/fund/valuations",
            new[] { new { date = "2025-12-31", placementId = "fund-bank-account", marketValueNok = 2_778_524m } });
        Assert.Equal(HttpStatusCode.OK, corrected);

        // Until someone re-freezes the month, the report still shows the frozen figures.
        var report = await api.Viewer().GetJson("/api/reports/annual/2025?format=json");
        Assert.Equal(v1.GetProperty("hash").GetString(), report.GetProperty("source").GetProperty("contentHash").GetString());

        var (status, v2) = await treasurer.Send(HttpMethod.Post, "/api/snapshots/2025-12", null);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(2, v2.GetProperty("version").GetInt32());
        Assert.NotEqual(v1.GetProperty("hash").GetString(), v2.GetProperty("hash").GetString());
        Assert.Contains("korrigert", v2.GetProperty("label").GetString());
        Assert.Equal(1_000_000m, v2.GetProperty("document").GetProperty("fund").Dec("marketValueNok") - v1.GetProperty("document").GetProperty("fund").Dec("marketValueNok"));

        var old = await api.Viewer().GetJson("/api/snapshots/2025-12?version=1");
        Assert.Equal(v1.GetProperty("hash").GetString(), old.GetProperty("hash").GetString());
        Assert.Equal(2, old.GetProperty("versions").GetArrayLength());
        var pinned = await api.Viewer().GetJson("/api/reports/annual/2025?format=json&snapshotVersion=1");
        Assert.Equal(v1.GetProperty("hash").GetString(), pinned.GetProperty("source").GetProperty("contentHash").GetString());
        var latest = await api.Viewer().GetJson("/api/reports/annual/2025?format=json");
        Assert.Equal(v2.GetProperty("hash").GetString(), latest.GetProperty("source").GetProperty("contentHash").GetString());
    }

    [Fact]
    public async Task Bad_requests_are_problems()
    {
        using var api = new SeededApi();
        Assert.Equal(HttpStatusCode.BadRequest, (await api.Treasurer().Send(HttpMethod.Post, "/api/snapshots/2025-13", null)).Status);
        // A snapshot of 1900 would state 1899-12-31, before the dates a stored document can be read back with.
        var (early, problem) = await api.Treasurer().Send(HttpMethod.Post, "/api/snapshots/1900-06", null);
        Assert.Equal(HttpStatusCode.BadRequest, early);
        Assert.True(problem.GetProperty("errors").TryGetProperty("month", out _));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await api.Treasurer().Send(HttpMethod.Post, "/api/snapshots/2199-01", null)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.Viewer().Send(HttpMethod.Post, "/api/snapshots/2025-12", null)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Client(null).Send(HttpMethod.Get, "/api/snapshots", null)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Viewer().Send(HttpMethod.Get, "/api/snapshots/2025-06", null)).Status);
    }
}
