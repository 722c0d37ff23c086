using System.Text;
using static Finance.Reports.Norwegian;

namespace Finance.Reports;

/// <summary>format=html: a self-contained Norwegian document (inline CSS and SVG, no external assets) that prints to PDF.</summary>
public static class HtmlReport
{
    private const string Css = """
        body{font-family:"Segoe UI",Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d1d1d;line-height:1.45}
        h1{font-size:1.8rem;margin-bottom:.2rem}h2{font-size:1.35rem;border-bottom:2px solid #1f5f8b;padding-bottom:.2rem;margin-top:2.2rem}
        h3{font-size:1.05rem;margin-top:1.4rem}.source{color:#555;font-size:.9rem}.source.live{color:#a04000;font-weight:600}
        table{border-collapse:collapse;margin:.6rem 0 1.2rem;font-size:.85rem;width:100%}caption{text-align:left;font-weight:600;padding:.3rem 0}
        th,td{padding:.25rem .45rem;border-bottom:1px solid #ddd}th{background:#eef3f7;text-align:right}th:first-child,td:first-child{text-align:left}
        td{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}td:first-child{white-space:normal}tr.total td{font-weight:600;border-top:1.5px solid #555}
        .note{font-size:.8rem;color:#555;margin-top:-.8rem}.notice{background:#fff8e5;border-left:4px solid #c9a227;padding:.5rem .8rem;font-size:.9rem}
        figure{margin:1rem 0}figcaption{font-weight:600;font-size:.9rem}nav ol{columns:2;font-size:.9rem}
        .commentary{border-left:4px solid #1f5f8b;background:#f4f8fb;padding:.4rem .9rem;margin:1rem 0}.commentary h3{margin-top:.4rem}.commentary .by{color:#555;font-size:.8rem}
        .colophon{margin-top:3rem;border-top:1px solid #aaa;padding-top:.6rem;font-size:.75rem;color:#555;word-break:break-all}
        @page{size:A4;margin:18mm 15mm 18mm 15mm;@top-center{font-size:9pt;color:#555}@bottom-right{content:"Side " counter(page) " av " counter(pages);font-size:9pt;color:#555}}
        @media print{body{margin:0;max-width:none}h2{page-break-before:auto}table,figure,.commentary{page-break-inside:avoid}}
        """;

    public static string Render(FinanceReport r)
    {
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html><html lang=\"nb\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        h.Append("<title>").Append(E(r.Title)).Append("</title><style>").Append(Css)
            .Append("@page{@top-center{content:\"").Append(E(r.Title)).Append("\"}}").Append("</style></head><body>");
        h.Append("<h1>").Append(E(r.Title)).Append("</h1>");
        h.Append("<p class=\"source\">Per ").Append(Date(r.AsOf)).Append(r.Period.Tertial is null ? "" : $" (hittil i år, {r.Period.Tertial}. tertial)").Append(". Beløp i millioner kroner (mill. kr), beregnet med full presisjon og avrundet ved visning.</p>");
        h.Append("<p class=\"source").Append(r.Source.Frozen ? "" : " live").Append("\">")
            .Append(r.Source.Frozen ? $"Kilde: frosset øyeblikksbilde {r.Source.Month:yyyy-MM}, {E(r.Source.Label)}. Kontrollsum og beregningsdetaljer står i kolofonen sist i rapporten." : E(r.Source.Label))
            .Append("</p>");
        h.Append("<nav><ol>");
        foreach (var c in r.Chapters)
        {
            h.Append("<li><a href=\"#").Append(c.Id).Append("\">").Append(E(c.Title)).Append("</a></li>");
        }
        h.Append("</ol></nav>");
        foreach (var chapter in r.Chapters)
        {
            h.Append("<section id=\"").Append(chapter.Id).Append("\"><h2>").Append(E(chapter.Title)).Append("</h2>");
            foreach (var block in chapter.Blocks)
            {
                Block(h, block);
            }
            h.Append("</section>");
        }
        Colophon(h, r);
        h.Append("</body></html>");
        return h.ToString();
    }

    /// <summary>The technical details kept out of the body: the snapshot's hash, the audit chain head, the green-zone engine and seed, the software version.</summary>
    private static void Colophon(StringBuilder h, FinanceReport r)
    {
        var version = typeof(HtmlReport).Assembly.GetName().Version?.ToString() ?? "ukjent";
        h.Append("<footer class=\"colophon\"><p><strong>Kolofon.</strong> ");
        h.Append(r.Source.Frozen
            ? $"Laget fra frosset øyeblikksbilde {r.Source.Month:yyyy-MM} versjon {r.Source.SnapshotVersion}, SHA-256 {r.Source.ContentHash}. "
            : "Laget fra dagens registre (ikke frosset). ");
        if (r.Source.AuditHead is { } head)
        {
            // The hash chain's head when the snapshot was frozen: the change log's verification accepts it as the expected head.
            h.Append(E($"Endringsloggens kjedehode da øyeblikksbildet ble frosset: {head} (kontrolleres med endringsloggens verifisering mot dette kjedehodet). "));
        }
        if (r.Figures.GreenZone is { } g)
        {
            h.Append(E($"Grønn sone: beregningsmotor {g.EngineVersion}, frø {g.Seed}, {g.Paths} baner, forutsetninger versjon {g.AssumptionsVersion}. "));
        }
        var written = r.Commentary.Where(c => c.Version is not null).ToList();
        if (written.Count > 0)
        {
            h.Append(E("Kommentarer: " + string.Join(", ", written.Select(c => $"{c.Title} versjon {c.Version}")) + ". "));
        }
        h.Append(E($"Finansforvaltning {version}.")).Append("</p></footer>");
    }

    private static void Block(StringBuilder h, ReportBlock block)
    {
        switch (block)
        {
            case HeadingBlock x:
                h.Append("<h3>").Append(E(x.Text)).Append("</h3>");
                break;
            case ParagraphBlock x:
                h.Append("<p>").Append(E(x.Text)).Append("</p>");
                break;
            case NoticeBlock x:
                h.Append("<p class=\"notice\">").Append(E(x.Text)).Append("</p>");
                break;
            case CommentaryBlock x:
                h.Append("<div class=\"commentary\" id=\"kommentar-").Append(x.Commentary.Section).Append("\"><h3>").Append(E(x.Commentary.Title)).Append("</h3>");
                foreach (var paragraph in x.Commentary.Text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    h.Append("<p>").Append(E(paragraph).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</p>");
                }
                if (x.Commentary.WrittenBy is { } by && x.Commentary.WrittenAt is { } at)
                {
                    h.Append("<p class=\"by\">").Append(E($"Skrevet av {by}, {at.InZone(Finance.Core.Common.Oslo.Zone):dd.MM.yyyy} (versjon {x.Commentary.Version}).")).Append("</p>");
                }
                h.Append("</div>");
                break;
            case BulletsBlock x:
                h.Append("<ul>");
                foreach (var item in x.Items)
                {
                    h.Append("<li>").Append(E(item)).Append("</li>");
                }
                h.Append("</ul>");
                break;
            case FigureBlock x:
                h.Append("<figure><figcaption>").Append(E(x.Id)).Append(' ').Append(E(x.Title)).Append("</figcaption>").Append(x.Svg).Append("</figure>");
                break;
            case TableBlock x:
                Table(h, x.Table);
                break;
        }
    }

    private static void Table(StringBuilder h, ReportTable t)
    {
        h.Append("<table><caption>").Append(E(Numbered(t.Id) ? t.Id + " " + t.Title : t.Title)).Append("</caption><thead><tr><th>")
            .Append(E(t.LabelHeader)).Append("</th>");
        foreach (var c in t.Columns)
        {
            h.Append("<th>").Append(E(c.Header)).Append("</th>");
        }
        h.Append("</tr></thead><tbody>");
        foreach (var row in t.Rows)
        {
            h.Append(row.Total ? "<tr class=\"total\">" : "<tr>").Append("<td>").Append(E(row.Label)).Append("</td>");
            for (var i = 0; i < t.Columns.Count; i++)
            {
                h.Append("<td>").Append(E(Cell(row.Cells.ElementAtOrDefault(i), t.Columns[i]))).Append("</td>");
            }
            h.Append("</tr>");
        }
        h.Append("</tbody></table>");
        if (t.Note is { } note)
        {
            h.Append("<p class=\"note\">").Append(E(note)).Append("</p>");
        }
    }

    /// <summary>Tables with the printed report's numbering show it in the caption ("Tabell 1.1", "Figur 1.2", "Vedlegg 2", "Note 25").</summary>
    private static bool Numbered(string id) => id.Split(' ') is [("Tabell" or "Figur" or "Vedlegg" or "Note"), var n] && n.Length > 0 && char.IsDigit(n[0]);

    /// <summary>HTML-encodes the five markup characters and keeps everything else (Norwegian letters, no-break spaces, °, ₂) as UTF-8 characters.</summary>
    internal static string E(string s)
    {
        var b = new StringBuilder(s.Length + 16);
        foreach (var ch in s)
        {
            b.Append(ch switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => ch.ToString(),
            });
        }
        return b.ToString();
    }
}
