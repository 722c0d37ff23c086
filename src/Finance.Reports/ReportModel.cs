using Finance.Reports.Snapshots;
using NodaTime;

namespace Finance.Reports;

/// <summary>The period a finance report covers: a tertial (1: Jan–Apr, 2: Jan–Aug, year to date) or the year.</summary>
public sealed record ReportingPeriod(string Kind, int Year, int? Tertial)
{
    public static ReportingPeriod Annual(int year) => new("annual", year, null);

    public static ReportingPeriod OfTertial(int year, int tertial) =>
        tertial is >= 1 and <= 3 ? new("tertial", year, tertial) : throw new ArgumentOutOfRangeException(nameof(tertial), "A tertial is 1, 2 or 3.");

    /// <summary>The month whose snapshot the report is built from: April, August or December.</summary>
    public YearMonth EndMonth => new(Year, Tertial is { } t ? t * 4 : 12);

    public LocalDate EndDate => EndMonth.OnDayOfMonth(1).With(DateAdjusters.EndOfMonth);

    public string Title => Tertial is { } t ? $"Finansrapport {t}. tertial {Year}" : $"Finansrapport {Year}";

    /// <summary>The period as the commentary endpoints name it: <c>2025</c> (annual) or <c>2025-1</c> (tertial 1).</summary>
    public string Key => Tertial is { } t ? $"{Year}-{t}" : $"{Year}";
}

/// <summary>
/// Where the report's figures come from: a frozen snapshot (and which version), or a live computation. <c>AuditHead</c> is
/// the audit trail's head when the snapshot was frozen (<c>seq:hash</c>), for <c>/api/audit/verify?expectHead=</c>.
/// </summary>
public sealed record ReportSource(bool Frozen, YearMonth Month, long? SnapshotVersion, string? ContentHash, string Label, Instant? FrozenAt, string? AuditHead = null);

public enum CellKind
{
    /// <summary>An amount in NOK at full precision; displayed in MNOK.</summary>
    Nok,

    /// <summary>A percent number (7.134 = 7.134 %).</summary>
    Pct,

    /// <summary>Years (durations).</summary>
    Years,

    Text,
}

/// <summary>A column: its key in JSON (ending <c>Nok</c>, <c>Pct</c>, <c>Years</c>), its printed header, and display decimals.</summary>
public sealed record ReportColumn(string Key, string Header, CellKind Kind, int Decimals = 0);

/// <summary>A row: its label and one value per column (decimal, string or null for an empty cell).</summary>
public sealed record ReportRow(string Label, IReadOnlyList<object?> Cells, bool Total = false);

/// <summary>A numbered table of the report ("Tabell 1.3", "Vedlegg 5e"): the same rows in HTML, JSON and one worksheet each.</summary>
public sealed record ReportTable(string Id, string Title, string LabelHeader, IReadOnlyList<ReportColumn> Columns, IReadOnlyList<ReportRow> Rows, string? Note = null);

/// <summary>A piece of a chapter, rendered in order.</summary>
public abstract record ReportBlock;

public sealed record HeadingBlock(string Text) : ReportBlock;

public sealed record ParagraphBlock(string Text) : ReportBlock;

public sealed record BulletsBlock(IReadOnlyList<string> Items) : ReportBlock;

public sealed record TableBlock(ReportTable Table) : ReportBlock;

/// <summary>A figure drawn as inline SVG.</summary>
public sealed record FigureBlock(string Id, string Title, string Svg) : ReportBlock;

/// <summary>A figure or section that is not available, said plainly.</summary>
public sealed record NoticeBlock(string Text) : ReportBlock;

/// <summary>The treasurer's text for one section of the report (<see cref="ReportCommentary"/>), shown in its place.</summary>
public sealed record CommentaryBlock(ReportCommentary Commentary) : ReportBlock;

/// <summary>One commentary section as the report shows it: the latest version when the report was built, with who wrote it and when.</summary>
public sealed record ReportCommentary(string Section, string Title, string Text, long? Version, string? WrittenBy, Instant? WrittenAt);

public sealed record ReportChapter(string Id, string Title, IReadOnlyList<ReportBlock> Blocks);

/// <summary>What a report partial reads: the period, the snapshot of its end, and the one a year earlier when frozen.</summary>
public sealed record ReportInput(ReportingPeriod Period, SnapshotDocument Snapshot, SnapshotDocument? YearBefore, ReportSource Source);

/// <summary>One chapter of the report from the snapshot's sections. See docs/jobs-reports.md for adding one.</summary>
public interface IReportPartial
{
    ReportChapter Chapter(ReportInput input);
}

/// <summary>The finance report: chapters for people, the snapshot's figures and the tables for machines.</summary>
public sealed record FinanceReport(ReportingPeriod Period, string Title, LocalDate AsOf, ReportSource Source, SnapshotDocument Figures, IReadOnlyList<ReportChapter> Chapters)
{
    /// <summary>The treasurer's text sections, in the report's order (empty text: not written).</summary>
    public IReadOnlyList<ReportCommentary> Commentary { get; init; } = [];

    public IEnumerable<ReportTable> Tables => Chapters.SelectMany(c => c.Blocks).OfType<TableBlock>().Select(b => b.Table);
}
