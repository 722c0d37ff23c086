using System.Net;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Finance.Core.Common;
using Finance.Reports;
using Xunit.Abstractions;

namespace Finance.Tests.Reports;

/// <summary>The annual report 2025 on the reference data, frozen first (golden values: the report's tables 1.3, 4.2, Vedlegg 5e).</summary>
public class ReportTests(SeededApi api, ITestOutputHelper output) : IClassFixture<SeededApi>
{
    private const char Nbsp = '\u00A0';

    private async Task Freeze() => await api.Treasurer().Send(HttpMethod.Post, "/api/snapshots/2025-12", null);

    [Fact]
    public async Task The_html_report_is_complete_Norwegian_and_self_contained()
    {
        await Freeze();
        var response = await api.Viewer().GetAsync("/api/reports/annual/2025?format=html");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"nb\">", html);
        Assert.Contains(">852<", html);                   // Tabell 4.2: stress part 2
        Assert.Contains($"7,1{Nbsp}%", html);              // Tabell 1.3: return 2025
        Assert.Contains($"301,3{Nbsp}%", html);            // Vedlegg 5e: accumulated since 2000 (301.26 at full precision)
        Assert.Contains($"5,6{Nbsp}%", html);              // average annual return since 2000
        Assert.Contains($"3{Nbsp}156", html);              // real-value target
        Assert.Contains($"2{Nbsp}096", html);              // buffer capital
        Assert.Contains("Tabell 4.2", html);
        Assert.Contains("Vedlegg 5e", html);
        Assert.Contains("<svg", html);
        Assert.Contains("frosset øyeblikksbilde 2025-12", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("src=", html);
    }

    [Fact]
    public async Task The_json_report_carries_the_same_numbers_at_full_precision()
    {
        await Freeze();
        var r = await api.Viewer().GetJson("/api/reports/annual/2025?format=json");
        Assert.Equal("annual", r.GetProperty("kind").GetString());
        var tables = r.GetProperty("tables").EnumerateArray().ToDictionary(t => t.GetProperty("id").GetString()!);
        decimal Value(string table, string row, string key) =>
            tables[table].GetProperty("rows").EnumerateArray().Single(x => x.GetProperty("label").GetString() == row).GetProperty("values").Dec(key);

        Assert.Equal(852_463_799.2468m, Value("Tabell 4.2", "Sum beregnet risiko", "lossNok"));
        Assert.Equal(7.131m, Math.Round(Value("Tabell 1.3", "Totalt", "returnPct"), 3));
        Assert.Equal(8.660m, Math.Round(Value("Tabell 1.3", "Aksjer", "returnPct"), 3));
        Assert.Equal(6.096m, Math.Round(Value("Tabell 1.3", "Obligasjoner", "returnPct"), 3));
        Assert.Equal(301.26m, Math.Round(Value("Vedlegg 5e", "2025", "accumulatedPct"), 2));
        Assert.Equal(301.26m, Math.Round(Value("Vedlegg 5e", "Totalt", "returnPct"), 2)); // the "Totalt" row prints the accumulated return, as the reference does
        Assert.Equal(5.60m, Math.Round(Value("Vedlegg 5e", "Gjennomsnitt per år", "returnPct"), 2));
        Assert.Equal(3156m, Money.ToMnok(Value("Realverdi", "Beregnet realverdi", "valueNok")));
        Assert.Equal(2096m, Money.ToMnok(Value("Realverdi", "Bufferkapital", "valueNok")));
        // Figur 1.1: the accumulated income per month (reference: 60, 64, −92, …, 246).
        Assert.Equal(246m, Money.ToMnok(Value("Figur 1.1", "Akkumulert", "m12Nok")));
        Assert.Equal(-92m, Money.ToMnok(Value("Figur 1.1", "Akkumulert", "m03Nok")));
        // The figures are the snapshot's, unrounded.
        Assert.Equal(852_463_799.2468m, r.GetProperty("figures").GetProperty("stress").GetProperty("partTwo").Dec("totalNok"));
        Assert.True(r.GetProperty("source").GetProperty("frozen").GetBoolean());
    }

    [Fact]
    public async Task The_xlsx_report_opens_as_a_workbook_with_one_sheet_per_table()
    {
        await Freeze();
        var json = await api.Viewer().GetJson("/api/reports/annual/2025?format=json");
        var ids = json.GetProperty("tables").EnumerateArray().Select(t => t.GetProperty("id").GetString()!).ToList();
        var response = await api.Viewer().GetAsync("/api/reports/annual/2025?format=xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var workbook = SpreadsheetDocument.Open(stream, false);
        var sheets = workbook.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().ToList();
        Assert.Equal(ids.Append("Kommentarer"), sheets.Select(s => s.Name!.Value));   // one sheet per table, then the treasurer's commentary
        Assert.Contains("Tabell 4.2", ids);
        var part = (WorksheetPart)workbook.WorkbookPart.GetPartById(sheets.Single(s => s.Name == "Tabell 4.2").Id!);
        var rows = part.Worksheet.GetFirstChild<SheetData>()!.Elements<Row>().ToList();
        var sum = rows.Single(r => r.Elements<Cell>().First().InnerText == "Sum beregnet risiko");
        // Column 6 of Tabell 4.2 is the loss at 31.12.2025 in MNOK, full precision.
        Assert.Equal(852.4637992468m, decimal.Parse(sum.Elements<Cell>().ElementAt(5).CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task The_tertial_report_covers_the_year_to_date()
    {
        var r = await api.Viewer().GetJson("/api/reports/tertial/2025/1?format=json");
        Assert.Equal("Finansrapport 1. tertial 2025", r.GetProperty("title").GetString());
        Assert.Equal("2025-04-30", r.GetProperty("asOf").GetString());
        var holdings = r.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("id").GetString() == "Tabell 1.2");
        Assert.Equal(["openingNok", "m01Nok", "m02Nok", "m03Nok", "m04Nok"], holdings.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("key").GetString()));
        // Without a frozen April snapshot the report is computed live and says so.
        Assert.False(r.GetProperty("source").GetProperty("frozen").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, (await api.Viewer().Send(HttpMethod.Get, "/api/reports/tertial/2025/4", null)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.Viewer().Send(HttpMethod.Get, "/api/reports/annual/2025?format=doc", null)).Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await api.Viewer().Send(HttpMethod.Get, "/api/reports/annual/2199", null)).Status);
    }

    [Fact]
    public async Task Pdf_is_printed_by_chromium_where_installed_and_otherwise_a_501()
    {
        await Freeze();
        var response = await api.Viewer().GetAsync("/api/reports/annual/2025?format=pdf");
        if (!PdfPrinter.Available)
        {
            output.WriteLine($"{PdfPrinter.ChromiumPath} is absent: the rendering check is skipped and the 501 problem is checked instead.");
            Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            return;
        }
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        Assert.True(pdf.Length > 20_000, "a multi-page report");
    }

    [Fact]
    public async Task The_html_renders_in_headless_chromium_where_installed()
    {
        await Freeze();
        var html = await (await api.Viewer().GetAsync("/api/reports/annual/2025?format=html")).Content.ReadAsStringAsync();
        if (!PdfPrinter.Available)
        {
            output.WriteLine($"{PdfPrinter.ChromiumPath} is absent: headless rendering not checked here (CI installs chromium).");
            Assert.False(File.Exists(PdfPrinter.ChromiumPath));
            return;
        }
        var folder = Directory.CreateTempSubdirectory("finance-render-");
        try
        {
            var file = Path.Combine(folder.FullName, "report.html");
            await File.WriteAllTextAsync(file, html);
            var png = Path.Combine(folder.FullName, "shot.png");
            await PdfPrinter.Run(["--screenshot=" + png, "--window-size=1200,3000", new Uri(file).AbsoluteUri], folder.FullName, CancellationToken.None);
            var bytes = await File.ReadAllBytesAsync(png);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
            Assert.True(bytes.Length > 50_000, "a rendered page, not a blank one");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}

public class NorwegianFormatTests
{
    [Theory]
    [InlineData(3_156_426_937.74, 0, "3\u00A0156")]
    [InlineData(2_095_939_975, 0, "2\u00A0096")]
    [InlineData(222_500_000, 0, "223")]          // half away from zero (Figur 1.1: 222.5 is printed 222 only because the source rounded first)
    [InlineData(-156_000_000, 0, "-156")]
    [InlineData(-40_000, 1, "0,0")]              // never "-0,0"
    [InlineData(2_169_404_449, 1, "2\u00A0169,4")]
    public void Amounts_print_in_MNOK_with_Norwegian_separators(double nok, int decimals, string expected) =>
        Assert.Equal(expected, Norwegian.Mnok((decimal)nok, decimals));

    [Fact]
    public void Percentages_print_with_a_decimal_comma_and_a_no_break_space() =>
        Assert.Equal(["7,1\u00A0%", "301,3\u00A0%", "-10,1\u00A0%", "41\u00A0%"],
            new[] { Norwegian.Pct(7.13090558938376m), Norwegian.Pct(301.2551416m), Norwegian.Pct(-10.0815m), Norwegian.Pct(40.672m, 0) });
}
