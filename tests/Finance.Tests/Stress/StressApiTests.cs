using System.Data.Common;
using System.Net;
using System.Text.Json;

namespace Finance.Tests.Stress;

public sealed class StressApiTests : IDisposable
{
    private const decimal M = 1_000_000m;
    private readonly FinanceApiFactory _api = new(seed: true);

    public void Dispose() => _api.Dispose();

    /// <summary>The reference inputs of Tabell 4.1 / 4.2 (2025).</summary>
    private static object Preview2025 => new
    {
        partOne = new { floatingDebtNok = 8169m * M, offsetsNok = 4404m * M, depositsNok = 1818m * M },
        partTwo = new
        {
            holdings = new object[]
            {
                new { assetClass = "bonds", marketValueNok = 2169.404m * M, durationYears = 2.9m },
                new { assetClass = "equities", marketValueNok = 1453.276m * M },
                new { assetClass = "cash", marketValueNok = 1.78m * M, durationYears = 0.01m },
            },
        },
        bufferCapitalNok = 2095.966m * M,
    };

    [Fact]
    public async Task Percent_numbers_written_with_trailing_zeros_read_back_as_written()
    {
        var t = _api.Treasurer();
        // A version of the regulations whose numbers carry trailing zeros (as a client that writes 40.0 sends them).
        var (status, _) = await t.Send(HttpMethod.Post, "/api/policy/versions",
            """{"validFrom":"2025-12-01","limits":[{"limitId":"fund.alloc.equities","target":40.0,"min":37.0,"max":43.00},{"limitId":"stress.rate_shock","target":2.0}]}""");
        Assert.Equal(HttpStatusCode.Created, status);
        var equities = (await t.GetJson("/api/fund/holdings?asOf=2025-12-31")).GetProperty("assetClasses").EnumerateArray()
            .Single(c => c.GetProperty("assetClass").GetString() == "equities");
        Assert.Equal(["40.0", "37.0", "43.00"], new[] { "strategicPct", "minPct", "maxPct" }.Select(f => equities.GetProperty(f).GetRawText()));
        // Tabell 1.4: 1 453 275 971 of 3 624 458 944 NOK is 40.0964 % of the fund, 0.0964 pp over the strategy.
        Assert.Equal(0.0964m, Math.Round(equities.Dec("deviationPp"), 4));

        var (created, run) = await t.Send(HttpMethod.Post, "/api/stress-tests", new { asOf = "2025-12-31" });
        Assert.Equal(HttpStatusCode.Created, created);
        var parameters = run.GetProperty("result").GetProperty("parameters");
        Assert.Equal("2.0", parameters.GetProperty("rateShockPct").GetRawText());
        Assert.Equal("50", parameters.GetProperty("equityShockPct").GetRawText());
        // 2 % of the floating debt 8 168 972 474 NOK, at the factor's own digits: 2.0 / 100 = 0.02.
        var floating = run.GetProperty("result").GetProperty("partOne").GetProperty("lines")[0];
        Assert.Equal("163379449.48", floating.GetProperty("lossNok").GetRawText());

        var (_, preview) = await _api.Viewer().Send(HttpMethod.Post, "/api/stress-tests/preview",
            """{"partOne":{"floatingDebtNok":1000,"offsetsNok":0,"depositsNok":0,"rateShockPct":2.50,"counterpartyLossPct":3.0},"partTwo":{"holdings":[],"equityShockPct":20.00},"bufferCapitalNok":0}""");
        Assert.Equal(["2.50", "3.0", "20.00"], new[] { "rateShockPct", "counterpartyLossPct", "equityShockPct" }.Select(f => preview.GetProperty("parameters").GetProperty(f).GetRawText()));
    }

    [Fact]
    public async Task Preview_with_the_reference_inputs_reproduces_the_2025_tables()
    {
        var (status, r) = await _api.Viewer().Send(HttpMethod.Post, "/api/stress-tests/preview", Preview2025);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.InRange(r.GetProperty("partOne").Dec("totalNok"), 93.47m * M, 93.49m * M);
        Assert.InRange(r.GetProperty("partTwo").Dec("totalNok"), 852.45m * M, 852.47m * M);
        Assert.InRange(r.Dec("totalNok"), 945.93m * M, 945.95m * M);
        Assert.Equal(40.67m, Math.Round(r.Dec("partTwoPctOfBuffer"), 2));
        Assert.Equal("belowMaximum", r.GetProperty("riskFrame").GetProperty("status").GetString());
        Assert.Equal(973m * M, r.GetProperty("riskFrame").Dec("maxNok"));
        // Factors come from the regulations in force when not given.
        Assert.Equal(2m, r.GetProperty("parameters").Dec("rateShockPct"));
        Assert.Equal(50m, r.GetProperty("parameters").Dec("equityShockPct"));
    }

    [Fact]
    public async Task Preview_of_the_2024_inputs_reproduces_the_2024_column()
    {
        // 2024 column of Tabell 4.1/4.2: 154, −79, −19 → 56; 29; 85. 119 + 698 = 817; 43 % of 1 920.
        var (_, r) = await _api.Viewer().Send(HttpMethod.Post, "/api/stress-tests/preview", new
        {
            partOne = new { floatingDebtNok = 7700m * M, offsetsNok = 3950m * M, depositsNok = 965m * M },
            partTwo = new { holdings = new object[] { new { assetClass = "bonds", marketValueNok = 2052.3m * M, durationYears = 2.9m }, new { assetClass = "equities", marketValueNok = 1395.1m * M } } },
            bufferCapitalNok = 1_920_083_746m,
        });
        decimal Mnok(JsonElement e, string p) => Math.Round(e.Dec(p) / M, 0, MidpointRounding.AwayFromZero);
        var one = r.GetProperty("partOne");
        Assert.Equal([154m, -79m, -19m, 29m], one.GetProperty("lines").EnumerateArray().Select(l => Mnok(l, "lossNok")).ToArray());
        Assert.Equal(56m, Mnok(one, "netRateEffectNok"));
        Assert.Equal(85m, Mnok(one, "totalNok"));
        Assert.Equal(817m, Mnok(r.GetProperty("partTwo"), "totalNok"));
        Assert.Equal(43m, Math.Round(r.Dec("partTwoPctOfBuffer"), 0, MidpointRounding.AwayFromZero));
    }

    [Fact]
    public async Task A_stored_test_from_the_registers_equals_the_preview_and_returns_byte_identical()
    {
        var (status, created) = await _api.Treasurer().Send(HttpMethod.Post, "/api/stress-tests", new { asOf = "2025-12-31" });
        Assert.Equal(HttpStatusCode.Created, status);
        var id = created.GetProperty("id").GetInt64();
        var result = created.GetProperty("result");
        Assert.Equal(8_168_972_474m, result.GetProperty("inputs").Dec("floatingDebtNok"));
        Assert.Equal(4_404_000_000m, result.GetProperty("inputs").Dec("offsetsNok"));
        var (_, preview) = await _api.Viewer().Send(HttpMethod.Post, "/api/stress-tests/preview", Preview2025);
        Assert.InRange(result.Dec("totalNok") - preview.Dec("totalNok"), -0.01m * M, 0.01m * M);
        Assert.InRange(result.GetProperty("partOne").Dec("totalNok") - preview.GetProperty("partOne").Dec("totalNok"), -0.01m * M, 0.01m * M);
        Assert.InRange(result.GetProperty("partTwo").Dec("totalNok") - preview.GetProperty("partTwo").Dec("totalNok"), -0.01m * M, 0.01m * M);
        Assert.Equal(64, created.GetProperty("contentHash").GetString()!.Length);

        var first = await _api.Auditor().GetStringAsync($"/api/stress-tests/{id}");
        var again = await _api.Viewer().GetStringAsync($"/api/stress-tests/{id}");
        Assert.Equal(first, again);
        Assert.Equal(JsonSerializer.Serialize(created), JsonSerializer.Serialize(JsonDocument.Parse(first).RootElement));
        var year = JsonDocument.Parse(await _api.Auditor().GetStringAsync("/api/stress-tests?year=2025")).RootElement;
        Assert.Equal(id, year[0].GetProperty("id").GetInt64());

        Assert.Equal(HttpStatusCode.Forbidden, (await _api.Auditor().Send(HttpMethod.Post, "/api/stress-tests", new { asOf = "2025-12-31" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.Auditor().Send(HttpMethod.Get, "/api/stress-tests/999", null)).Status);
    }

    [Fact]
    public async Task Stored_tests_cannot_be_changed_in_the_database()
    {
        var (_, created) = await _api.Treasurer().Send(HttpMethod.Post, "/api/stress-tests", new { asOf = "2025-12-31" });
        using var c = TestStore.OpenOutside(_api.ConnectionString);
        using var update = c.CreateCommand();
        update.CommandText = "UPDATE stress_tests SET document = '{}' WHERE id = " + created.GetProperty("id").GetInt64();
        var e = Assert.ThrowsAny<DbException>(() => update.ExecuteNonQuery());
        Assert.Contains("immutable", e.Message);
    }

    [Fact]
    public async Task Missing_register_data_is_a_422_and_bad_input_a_400()
    {
        var (status, body) = await _api.Treasurer().Send(HttpMethod.Post, "/api/stress-tests", new { asOf = "2019-12-31" });
        Assert.Equal((HttpStatusCode)422, status);
        Assert.Equal(422, body.GetProperty("status").GetInt32());
        (status, body) = await _api.Viewer().Send(HttpMethod.Post, "/api/stress-tests/preview", """{"partOne":{"floatingDebtNok":-1,"offsetsNok":0,"depositsNok":0},"partTwo":{"holdings":[{"assetClass":"bonds","marketValueNok":1}]},"bufferCapitalNok":1}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = body.GetProperty("errors");
        Assert.True(errors.TryGetProperty("partOne.floatingDebtNok", out _));
        Assert.True(errors.TryGetProperty("partTwo.holdings[0].durationYears", out _));
        (status, body) = await _api.Treasurer().Send(HttpMethod.Put, "/api/stress-tests/offsets/2026-12-31", new { items = new[] { new { item = "x", amountNok = -5m } } });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("items[0].amountNok", out _));
    }

    [Fact]
    public async Task Offsets_are_dated_sets()
    {
        var t = _api.Treasurer();
        Assert.Equal(HttpStatusCode.OK, (await t.Send(HttpMethod.Put, "/api/stress-tests/offsets/2026-12-31", new { items = new[] { new { item = "VAR", amountNok = 3000m * M }, new { item = "Startlån", amountNok = 1500m * M } } })).Status);
        var now = await t.GetJson("/api/stress-tests/offsets?asOf=2027-01-15");
        Assert.Equal(4500m * M, now.Dec("totalNok"));
        var then = await t.GetJson("/api/stress-tests/offsets?asOf=2025-12-31");
        Assert.Equal(4404m * M, then.Dec("totalNok"));
    }
}
