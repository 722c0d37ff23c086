using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Finance.Reports;
using Xunit.Abstractions;

namespace Finance.Tests.Reports;

/// <summary>
/// The 2025 annual report as the council receives it (issue 13), over real HTTP on the reference data, frozen first.
/// Golden values: the printed Finansrapport 2025 (Tabell 1.1, 3.1, 4.1, 4.2, the Utlån section, Figur 1.2, Vedlegg 2).
/// </summary>
public class FinansrapportTests(SeededApi api, ITestOutputHelper output) : IClassFixture<SeededApi>
{
    private const char Nbsp = '\u00A0';

    private async Task Freeze() => Assert.True((await api.Treasurer().Send(HttpMethod.Post, "/api/snapshots/2025-12", null)).Status is HttpStatusCode.OK or HttpStatusCode.Created);

    private async Task<string> Html(string url = "/api/reports/annual/2025?format=html")
    {
        await Freeze();
        var response = await api.Viewer().GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The body without the colophon (where the hash and engine details belong).</summary>
    private static string Body(string html) => html[..html.IndexOf("<footer class=\"colophon\">", StringComparison.Ordinal)];

    [Fact]
    public async Task The_annual_html_has_every_table_the_printed_report_has_with_last_years_column()
    {
        var html = await Html();
        // Tabell 1.1: the fund's accounts 2025 and 2024 (L1518–1520).
        Assert.Contains("Tabell 1.1", html);
        Assert.Contains(">249,8<", html);
        Assert.Contains(">245,5<", html);
        Assert.Contains(">434,6<", html);
        Assert.Contains(">429,9<", html);
        // Utlån (L1770): total 2 258, on-lent Husbanken loans 2 184.
        Assert.Contains($"Totale utlån utgjorde 2{Nbsp}258 mill.", html);
        Assert.Contains($"Videreformidlede husbanklån utgjorde 2{Nbsp}184 mill.", html);
        Assert.Contains("<li>Det ble utbetalt 279 mill. i lån og 7 mill. i husbanktilskudd til brukere</li>", html);
        // Tabell 3.1: Kommunalbanken 9 182 at 31.12.2024 (published; the register holds only 2025 balances).
        Assert.Contains($"<td>Kommunalbanken</td><td>9{Nbsp}182</td><td>10{Nbsp}153</td><td>10{Nbsp}010</td><td>9{Nbsp}772</td><td>589</td>", html);
        // Tabell 4.1 and 4.2, the 2024 column (L1887–1903): 154 … 85, 0, 119, 698, 817, buffer 1 920.
        Assert.Contains("<td>Renterisiko flytende gjeld</td><td>2" + Nbsp + "%</td><td>8" + Nbsp + "169</td><td>2,0" + Nbsp + "%</td><td>163</td><td>154</td>", html);
        Assert.Contains("<td>85</td>", html);
        Assert.Contains("<td>852</td><td>817</td>", html);
        Assert.Contains($"<td>2{Nbsp}096</td><td>1{Nbsp}920</td>", html);
        // Figur 2.1 with 2025, 2024 and 2023 (L1700–1703; 2023 published).
        Assert.Contains($"<td>Første tertial</td><td>1{Nbsp}485</td><td>1{Nbsp}475</td><td>2{Nbsp}467</td>", html);
        // New and refinanced loans, green loans published with source, the loan list of Note 25.
        Assert.Contains($"Nye låneopptak utgjorde 1{Nbsp}269 mill.", html);
        Assert.Contains("Kommunalbanken (10 år), obligasjonsvilkår", html);
        Assert.Contains($"Grønne lån utgjorde 4{Nbsp}500 mill. (31{Nbsp}% av innlånene)", html);
        Assert.Contains("linje 1752", html);
        Assert.Contains("Note 25 Låneoversikt", html);
        Assert.Contains($"<td>Sum lån til investeringer</td><td></td><td></td><td>11{Nbsp}929,6</td>", html);   // Note 25: 11 929 587 372
        Assert.Contains($"<td>Sum videreformidlingslån</td><td></td><td></td><td>2{Nbsp}299,5</td>", html);    // Note 25: 2 299 485 821
        // The ESG chapter (Figur 1.2, Vedlegg 2): 2,2 °C and Science Based Targets 44 %.
        Assert.Contains("Samfunnsansvar og bærekraft", html);
        Assert.Contains($"2,2{Nbsp}°C", html);
        Assert.Contains("Science Based Targets", html);
        Assert.Contains($"<td>44{Nbsp}%</td><td>37{Nbsp}%</td>", html);
        Assert.Contains("<td>KLP AksjeGlobal Mer Samfunnsansvar S</td><td>180 (188)</td><td>2,0 (2,0)</td><td>79 (68)</td>", html);
    }

    [Fact]
    public async Task The_html_is_Norwegian_only_and_states_no_figure_the_registers_cannot_support()
    {
        var html = await Html();
        var body = Body(html);
        Assert.DoesNotContain("/api/", html);
        Assert.DoesNotContain("4,7 år", html);                    // the register lacks the fixed loans' fixing ends
        Assert.DoesNotContain("38,5", body);                      // no computed fixed share as fact
        Assert.DoesNotContain("VAR-lån, rentekompensasjonslån og leieavtaler) holdes utenom", body);
        Assert.Contains("Låneregisteret skiller ikke ut VAR-lån og rentekompensasjonslån", body);
        Assert.Contains("ikke beregnet", body);
        Assert.Contains($"rentebindingstid på 2,6 år og en fastrenteandel på 58{Nbsp}%", body);
        foreach (var english in new[] { "Floating debt", "loans at", "figures.compliance", "Fund holdings", "Offsetting items", "Bank deposits:", "buffer =", "motor greenzone", "xoshiro" })
        {
            Assert.DoesNotContain(english, body);
        }
        Assert.DoesNotContain("1528518969", html);
        Assert.DoesNotContain("SHA-256", body);                    // the hash is in the colophon only
        Assert.Contains("SHA-256", html[body.Length..]);
        Assert.Contains("greenzone-mc", html[body.Length..]);
    }

    [Fact]
    public async Task A_check_the_registers_contradict_is_shown_contradicted_with_both_figures()
    {
        var body = Body(await Html());
        // Up to 30 % of equities in active sustainable funds; the placements register has 802.1 of 1 453.3 MNOK in the MSA funds.
        Assert.Contains("<td>Motstrid</td>", body);
        Assert.Contains($"55,2 (plasseringsregisteret)", body);
        Assert.Contains($"mot maks. 30{Nbsp}%", body);
        // And the printed report's known errors (domain.md §6) are footnoted with both figures.
        Assert.Contains("raden Obligasjoner IG er trykt som 129 mill.", body);
        Assert.Contains("«over 99 prosent»", body);
    }

    [Fact]
    public async Task Commentary_written_by_a_treasurer_is_versioned_audited_and_shown_in_place()
    {
        await Freeze();
        var list = await api.Viewer().GetJson("/api/reports/annual/2025/commentary");
        var sections = list.EnumerateArray().Select(s => s.GetProperty("section").GetString()).ToList();
        Assert.Equal(["mainPoints", "fund", "market", "liquidity", "debt", "stress", "assessment", "outlook"], sections);
        var seeded = list.EnumerateArray().Single(s => s.GetProperty("section").GetString() == "assessment");
        Assert.StartsWith("Finansforskriften krever at kommunen gjør en vurdering", seeded.GetProperty("text").GetString());   // the printed text, L1465

        var text = "Kommunedirektøren vurderer at finansforvaltningen i 2025 har vært forsvarlig.\n\nRisikoen er godt dekket av bufferkapitalen.";
        Assert.Equal(HttpStatusCode.Forbidden, (await api.Viewer().Send(HttpMethod.Put, "/api/reports/annual/2025/commentary/outlook", new { text })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.Auditor().Send(HttpMethod.Put, "/api/reports/annual/2025/commentary/outlook", new { text })).Status);
        var (status, written) = await api.Treasurer().Send(HttpMethod.Put, "/api/reports/annual/2025/commentary/outlook", new { text });
        Assert.Equal(HttpStatusCode.OK, status);
        var version = written.GetProperty("version").GetInt64();
        Assert.True(version >= 2, "the seeded printed text is version 1");
        Assert.Equal("test-treasurer", written.GetProperty("writtenBy").GetString());
        // The same text again stores nothing.
        var again = await api.Treasurer().Send(HttpMethod.Put, "/api/reports/annual/2025/commentary/outlook", new { text });
        Assert.Equal(version, again.Body.GetProperty("version").GetInt64());

        var html = await (await api.Viewer().GetAsync("/api/reports/annual/2025?format=html")).Content.ReadAsStringAsync();
        Assert.Contains("<p>Kommunedirektøren vurderer at finansforvaltningen i 2025 har vært forsvarlig.</p><p>Risikoen er godt dekket av bufferkapitalen.</p>", html);
        Assert.Contains($"Skrevet av test-treasurer", html);
        var json = await api.Viewer().GetJson("/api/reports/annual/2025?format=json");
        Assert.Equal(text, json.GetProperty("commentary").EnumerateArray().Single(c => c.GetProperty("section").GetString() == "outlook").GetProperty("text").GetString());

        var log = await api.Auditor().GetJson("/api/audit?table=report_commentary&actor=test-treasurer");
        var entry = Assert.Single(log.EnumerateArray(), e => e.GetProperty("after").GetProperty("section").GetString() == "outlook");
        Assert.Equal("insert", entry.GetProperty("action").GetString());
        Assert.Equal(text, entry.GetProperty("after").GetProperty("text").GetString());

        var versions = await api.Viewer().GetJson("/api/reports/annual/2025/commentary/outlook/versions");
        Assert.Equal([1L, version], versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt64()).ToList());
    }

    [Fact]
    public async Task A_signed_in_browser_opens_the_report_and_cannot_write_the_commentary_with_the_cookie_alone()
    {
        await Freeze();
        var browser = api.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/reports/annual/2025?format=html")).StatusCode);
        var signIn = await browser.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = FinanceApiFactory.TreasurerKey }));
        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        var report = await browser.GetAsync("/api/reports/annual/2025?format=html");
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.Contains("Tabell 1.1", await report.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/reports/annual/2025/commentary")).StatusCode);
        var put = await browser.PutAsync("/api/reports/annual/2025/commentary/outlook", JsonContent("{\"text\":\"Skrevet med informasjonskapsel\"}"));
        Assert.True(put.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"{put.StatusCode}");
        var texts = await api.Viewer().GetJson("/api/reports/annual/2025/commentary");
        Assert.DoesNotContain("Skrevet med informasjonskapsel", texts.ToString());
    }

    private static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");

    [Theory]
    [InlineData("/api/reports/monthly/2025/commentary/outlook", "kind")]
    [InlineData("/api/reports/annual/2025-1/commentary/outlook", "period")]
    [InlineData("/api/reports/tertial/2025-4/commentary/outlook", "period")]
    [InlineData("/api/reports/annual/2025/commentary/summary", "section")]
    public async Task A_commentary_for_an_unknown_report_or_section_is_a_400_naming_the_field(string url, string field)
    {
        var (status, body) = await api.Treasurer().Send(HttpMethod.Put, url, new { text = "Tekst" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
    }

    [Fact]
    public async Task Tertial_commentary_is_kept_apart_and_shown_in_the_tertial_report()
    {
        var (status, _) = await api.Treasurer().Send(HttpMethod.Put, "/api/reports/tertial/2025-1/commentary/mainPoints", new { text = "Lav likviditet ved inngangen til året." });
        Assert.Equal(HttpStatusCode.OK, status);
        var html = await (await api.Viewer().GetAsync("/api/reports/tertial/2025/1?format=html")).Content.ReadAsStringAsync();
        Assert.Contains("Lav likviditet ved inngangen til året.", html);
        var annual = await api.Viewer().GetJson("/api/reports/annual/2025/commentary");
        Assert.DoesNotContain("Lav likviditet ved inngangen", annual.ToString());
    }

    [Fact]
    public async Task The_tertial_report_says_ikke_beregnet_where_the_registers_do_not_hold_the_period()
    {
        var html = await (await api.Viewer().GetAsync("/api/reports/tertial/2025/1?format=html")).Content.ReadAsStringAsync();
        var body = Body(html);
        Assert.DoesNotContain("/api/", html);
        // The loan register holds no balances at 30.04.2025: no "refinansiering 0,0 % OK".
        Assert.Contains("<td>Gjeld: refinansiering innen 12 måneder</td><td></td><td></td><td>30,0</td><td>prosent</td><td>Ikke beregnet</td>", body);
        Assert.Contains("Del 1 (bankinnskudd og gjeld) er ikke beregnet: motpostene til gjelden (rente- og gebyrinntekter) er ikke registrert per 30.04.2025", body);
        Assert.DoesNotContain("No offsetting items", body);
        Assert.Contains("Gjeldstallene er ikke beregnet: låneregisteret har ingen lån med saldo per 30.04.2025.", body);
        Assert.Contains($"<td>Kommunalbanken</td><td>9{Nbsp}182</td><td>10{Nbsp}153</td>", body);   // Tabell 3.1 as published (L1757)
    }

    [Fact]
    public async Task The_json_and_xlsx_carry_the_new_tables_and_the_commentary()
    {
        await Freeze();
        var json = await api.Viewer().GetJson("/api/reports/annual/2025?format=json");
        var tables = json.GetProperty("tables").EnumerateArray().ToDictionary(t => t.GetProperty("id").GetString()!);
        decimal Value(string table, string row, string key) =>
            tables[table].GetProperty("rows").EnumerateArray().Single(x => x.GetProperty("label").GetString() == row).GetProperty("values").Dec(key);
        Assert.Equal(249_787_612m, Value("Tabell 1.1", "Finansinntekter", "currentNok"));
        Assert.Equal(429_916_412m, Value("Tabell 1.1", "Årsresultat", "priorNok"));
        Assert.Equal(2_258_172_352.51m, Value("Utlån", "Totale utlån", "currentNok"));
        Assert.Equal(817_000_000m, Value("Tabell 4.2", "Sum beregnet risiko", "lossBeforeNok"));
        Assert.Equal(9_182_439_240m, Value("Tabell 3.1", "Kommunalbanken", "d20241231Nok"));
        Assert.Contains("Vedlegg 2", tables.Keys);
        Assert.Equal(3_624_485_282m, Value("Vedlegg 3 egenkapital og gjeld", "Sum egenkapital", "currentNok"));   // Vedlegg 3 balance, L2060
        Assert.Equal(20_687_605m, Value("Vedlegg 3", "Gevinster ved realisasjon av finansielle eiendeler", "currentNok"));
        Assert.Contains("Note 25", tables.Keys);
        var supplement = json.GetProperty("figures").GetProperty("supplement");
        Assert.Equal(55.19m, Math.Round(supplement.GetProperty("sustainableEquity").Dec("sharePct"), 2));   // 802.1 / 1 453.3 (Note 7 values)
        Assert.Equal(27, supplement.GetProperty("debtCoverage").GetProperty("fixedExposedWithoutFixingEnd").GetInt32());
        Assert.True(json.GetProperty("commentary").GetArrayLength() >= 8);
    }

    [Fact]
    public async Task The_pdf_is_printed_once_per_frozen_version_and_then_served_from_the_store()
    {
        await Freeze();
        var first = await api.Viewer().GetAsync("/api/reports/annual/2025?format=pdf");
        if (!PdfPrinter.Available)
        {
            output.WriteLine($"{PdfPrinter.ChromiumPath} is absent: the 501 problem is checked instead.");
            Assert.Equal(HttpStatusCode.NotImplemented, first.StatusCode);
            return;
        }
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var bytes = await first.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF", Encoding.ASCII.GetString(bytes, 0, 4));
        // A4 portrait: 595 × 842 points on every page.
        var boxes = System.Text.RegularExpressions.Regex.Matches(Encoding.Latin1.GetString(bytes), @"/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]")
            .Select(m => (Math.Round(double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)), Math.Round(double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)))).Distinct().ToList();
        Assert.Equal([(595d, 842d)], boxes);
        var second = await api.Viewer().GetAsync("/api/reports/annual/2025?format=pdf");
        Assert.Equal("store", second.Headers.GetValues("X-Pdf-Source").Single());   // no print call: the stored bytes
        Assert.Equal(bytes, await second.Content.ReadAsByteArrayAsync());
        // A4 with the title and page numbers on each page come from the HTML's @page rules.
        var html = await (await api.Viewer().GetAsync("/api/reports/annual/2025?format=html")).Content.ReadAsStringAsync();
        Assert.Contains("size:A4", html);
        Assert.Contains("counter(page)", html);
        Assert.Contains("@top-center{content:\"Finansrapport 2025\"}", html);
    }

    [Fact]
    public async Task The_esg_register_loads_as_json_csv_and_xlsx_and_exports_back_unchanged()
    {
        var all = await api.Viewer().GetJson("/api/fund/esg");
        Assert.Equal(12, all.GetArrayLength());   // Vedlegg 2: six funds, 2025 and 2024
        var msa = all.EnumerateArray().Single(r => r.GetProperty("placementId").GetString() == "klp-aksjeglobal-msa" && r.GetProperty("asOf").GetString() == "2025-12-31");
        Assert.Equal(2.0m, msa.Dec("temperatureC"));
        Assert.Equal(79m, msa.Dec("scienceBasedTargetsPct"));
        Assert.Equal(9, msa.GetProperty("sfdrArticle").GetInt32());

        var t = api.Treasurer();
        var csv = await (await t.GetAsync("/api/fund/esg?format=csv&from=2025-12-31")).Content.ReadAsStringAsync();
        Assert.StartsWith("placementId,asOf,sfdrArticle,carbonIntensity,temperatureC,scienceBasedTargetsPct", csv);
        var imported = await t.PostAsync("/api/fund/esg/import", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var xlsx = await (await t.GetAsync("/api/fund/esg?format=xlsx&from=2025-12-31")).Content.ReadAsByteArrayAsync();
        var content = new ByteArrayContent(xlsx);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        Assert.Equal(HttpStatusCode.OK, (await t.PostAsync("/api/fund/esg/import", content)).StatusCode);
        Assert.Equal(all.ToString(), (await api.Viewer().GetJson("/api/fund/esg")).ToString());

        var bad = await t.PostAsync("/api/fund/esg/import", new StringContent("placementId,asOf,source,temperatureC\nno-such-fund,2025-12-31,x,2.1\nklp-aksjeglobal-msa,2025-12-31,x,25\nklp-aksjeglobal-msa,2024-12-31,,2\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("field").GetString())).ToList();
        Assert.Contains((2, "placementId"), errors);
        Assert.Contains((3, "temperatureC"), errors);
        Assert.Contains((4, "source"), errors);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.Viewer().Send(HttpMethod.Post, "/api/fund/esg", new[] { new { placementId = "klp-aksjeglobal-msa", asOf = "2026-12-31", source = "x" } })).Status);
    }
}
