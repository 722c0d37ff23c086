using Finance.Reports.Snapshots;
using NodaTime;

namespace Finance.Reports;

/// <summary>A table for machines: each row's values keyed by the column keys (ending Nok, Pct, Years), full precision.</summary>
public sealed record ReportTableJson(string Id, string Title, string LabelHeader, IReadOnlyList<ReportColumnJson> Columns, IReadOnlyList<ReportRowJson> Rows, string? Note);

public sealed record ReportColumnJson(string Key, string Header, string Unit);

public sealed record ReportRowJson(string Label, bool Total, IReadOnlyDictionary<string, object?> Values);

public sealed record ReportChapterJson(string Id, string Title, IReadOnlyList<string> Tables, IReadOnlyList<string> Notices);

/// <summary>
/// format=json: the same content as the HTML for machines — the period, where the figures come from, the snapshot's
/// figures (<c>figures</c>, NOK and percent at full precision) and every table with its rows.
/// </summary>
public sealed record ReportJson(
    string Kind, int Year, int? Tertial, string Title, LocalDate AsOf, ReportSource Source,
    IReadOnlyList<ReportChapterJson> Chapters, IReadOnlyList<ReportTableJson> Tables, SnapshotDocument Figures)
{
    /// <summary>The treasurer's text sections, in the report's order (text empty when not written).</summary>
    public IReadOnlyList<ReportCommentary> Commentary { get; init; } = [];

    public static ReportJson From(FinanceReport r) => new(
        r.Period.Kind, r.Period.Year, r.Period.Tertial, r.Title, r.AsOf, r.Source,
        r.Chapters.Select(c => new ReportChapterJson(c.Id, c.Title,
            c.Blocks.OfType<TableBlock>().Select(t => t.Table.Id).ToList(),
            c.Blocks.OfType<NoticeBlock>().Select(n => n.Text).ToList())).ToList(),
        r.Tables.Select(t => new ReportTableJson(t.Id, t.Title, t.LabelHeader,
            t.Columns.Select(c => new ReportColumnJson(c.Key, c.Header, c.Kind switch
            {
                CellKind.Nok => "NOK",
                CellKind.Pct => "percent",
                CellKind.Years => "years",
                _ => "text",
            })).ToList(),
            t.Rows.Select(row => new ReportRowJson(row.Label, row.Total,
                t.Columns.Select((c, i) => (c.Key, Value: row.Cells.ElementAtOrDefault(i))).ToDictionary(x => x.Key, x => x.Value))).ToList(),
            t.Note)).ToList(),
        r.Figures) { Commentary = r.Commentary };
}
