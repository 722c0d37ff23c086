using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Finance.Core.Common;

namespace Finance.Tests.Reports;

/// <summary>Chapters 2 (Kortsiktig likviditet), 3 (Gjeldsporteføljen) and Avvik of the annual report 2025, built from the frozen December snapshot.</summary>
public class SectionReportTests(SeededApi api) : IClassFixture<SeededApi>
{
    private async Task Freeze() => await api.Treasurer().Send(HttpMethod.Post, "/api/snapshots/2025-12", null);

    /// <summary>The HTML as text: entities decoded (ø is written &amp;#248;), no-break spaces of the Norwegian number format as ordinary spaces.</summary>
    private static string Text(string html) => WebUtility.HtmlDecode(html).Replace('\u00A0', ' ');

    private async Task<string> Html()
    {
        await Freeze();
        return Text(await api.Viewer().GetStringAsync("/api/reports/annual/2025?format=html"));
    }

    [Fact]
    public async Task The_html_has_the_liquidity_and_debt_chapters_with_the_reference_figures()
    {
        var html = await Html();
        Assert.Contains("Kortsiktig likviditet", html);
        Assert.Contains("Tabell 2.1", html);
        Assert.Contains("Figur 2.1", html);
        Assert.Contains("2 012", html);                        // average daily liquidity 2025 (2 011.8)
        Assert.Contains("596 mill. mer enn i 2024", html);      // 2 011.8 − 1 415.8
        Assert.Contains(">1 818<", html);                       // Tabell 2.1 at 31.12.2025
        Assert.Contains("ikke beregnet fra daglige saldoer", html);
        Assert.Contains("kan ikke kontrolleres", html);         // the main-bank cap without daily balances
        Assert.Contains("Overholdelsen er attestert", html);
        Assert.Contains("0,2 prosentpoeng mer enn indeks", html);

        Assert.Contains("Gjeldsporteføljen", html);
        Assert.Contains("Tabell 3.1", html);
        Assert.Contains(">14 229<", html);                      // Sum innlån 31.12.2025
        Assert.Contains(">1 490<", html);                       // Hvorav refinansiering <1 år
        Assert.Contains("gjennomsnittsrente på 4,0 prosent", html);
        Assert.Contains("4,0 %", html);
        Assert.Contains("1 490 mill. kroner, 10 prosent av låneporteføljen", html);
        Assert.Contains("godt innenfor øvre ramme i finansreglementet (30 prosent)", html);
        Assert.Contains("Figur 3.1", html);
        Assert.Contains("Figur 3.2", html);
        Assert.DoesNotContain("er ikke en del av dette øyeblikksbildet", html.Replace("Sannsynlighetsberegningen for grønn sone (Monte Carlo-simulering av realverdi og bufferkapital over 15 år) er ikke en del av dette øyeblikksbildet", ""));
    }

    [Fact]
    public async Task The_deviations_chapter_lists_every_limit_and_says_no_deviation_was_registered()
    {
        var html = await Html();
        Assert.Contains("Det er ikke registrert avvik fra finansreglementets rammer i perioden.", html);
        Assert.Contains("Kontroll av finansreglementets rammer per 31.12.2025", html);
        Assert.Contains("Gjeld: refinansiering innen 12 måneder", html);
        Assert.Contains("Likviditet: innskudd i hovedbanken", html);
        Assert.Contains("Grønn sone", html);
        Assert.DoesNotContain(">Brudd<", html);
        Assert.DoesNotContain(">Ukjent<", html);
    }

    [Fact]
    public async Task The_json_tables_carry_full_precision_and_the_xlsx_has_a_sheet_per_new_table()
    {
        await Freeze();
        var r = await api.Viewer().GetJson("/api/reports/annual/2025?format=json");
        var tables = r.GetProperty("tables").EnumerateArray().ToDictionary(t => t.GetProperty("id").GetString()!);
        decimal Value(string table, string row, string key) =>
            tables[table].GetProperty("rows").EnumerateArray().Single(x => x.GetProperty("label").GetString() == row).GetProperty("values").Dec(key);

        Assert.Equal(14_229_073_193m, Value("Tabell 3.1", "Sum innlån", "d20251231Nok"));
        Assert.Equal(1_490_000_000m, Value("Tabell 3.1", "Hvorav refinansiering <1 år", "d20251231Nok"));
        Assert.Equal(9_771_827_475m, Value("Tabell 3.1", "Kommunalbanken", "d20251231Nok"));
        Assert.Equal(8_682_852_470m, Value("Figur 3.2", "Over 10 år", "totalNok"));
        Assert.Equal(46m, Math.Round(Value("Figur 3.2", "Over 10 år", "investmentPct")));
        Assert.Equal(15m, Math.Round(Value("Figur 3.2", "Over 10 år", "onLendingPct")));
        Assert.Equal(1_818_000_000m, Value("Tabell 2.1", "Bankinnskudd – ordinære", "d20251231Nok"));
        Assert.Equal(853_000_000m, Value("Tabell 2.1", "Bankinnskudd – ordinære", "changeNok"));
        Assert.Equal(2011.8m, Money.ToMnok(Value("Figur 2.1", "Gjennomsnittlig daglig likviditet 01.01–31.12", "yearNok"), 1));
        Assert.Equal(10.47m, Math.Round(Value("Nøkkeltall gjeld", "Refinansiering innen 12 måneder", "sharePct"), 2));

        var response = await api.Viewer().GetAsync("/api/reports/annual/2025?format=xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var workbook = SpreadsheetDocument.Open(stream, false);
        var sheets = workbook.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value).ToList();
        foreach (var id in new[] { "Tabell 2.1", "Figur 2.1", "Tabell 3.1", "Tabell 3.1 leie", "Långivere", "Figur 3.1", "Figur 3.2", "Nøkkeltall gjeld", "Renter og avdrag", "Rammekontroll" })
        {
            Assert.Contains(id, sheets);
        }
        Assert.Equal(tables.Count + 1, sheets.Count);   // and the commentary
        Assert.Equal("Kommentarer", sheets[^1]);
    }

    [Fact]
    public async Task The_tertial_report_says_what_the_register_cannot_show()
    {
        await api.Treasurer().Send(HttpMethod.Post, "/api/snapshots/2025-04", null);
        var html = Text(await api.Viewer().GetStringAsync("/api/reports/tertial/2025/1?format=html"));
        Assert.Contains("Gjeldstallene er ikke beregnet: låneregisteret har ingen lån med saldo per 30.04.2025", html);
        Assert.Contains("1 485", html);                          // first tertial's published average
        Assert.DoesNotContain("2 012", html);                    // the year's figure is not known at 30.04
        Assert.Contains("10 mill. mer enn samme periode i 2024", html); // 1 485 vs the first tertial of 2024 (1 475), not the whole year
    }
}
