using Finance.Data;
using Finance.Data.Reports;
using Finance.Data.Snapshots;
using Finance.Reports.Snapshots;
using NodaTime;

namespace Finance.Reports;

/// <summary>
/// Builds the finance report of a period from the snapshot of its last month: the frozen snapshot when one exists (the
/// latest version, or the one asked for), so a printed report never changes when later data is corrected; otherwise a
/// live computation, labelled as preliminary.
/// </summary>
public sealed class FinanceReports(Db db, MonthlySnapshot snapshots)
{
    /// <summary>The chapters in the reference's order. A new section adds its partial here, at its place.</summary>
    public static readonly IReadOnlyList<IReportPartial> Partials =
    [
        new FundPartial(),
        new GreenZonePartial(),
        new EsgPartial(),
        new LiquidityPartial(),
        new DebtPartial(),
        new StressPartial(),
        new CompliancePartial(),
        new AppendixPartial(),
        new LoanListPartial(),
    ];

    /// <returns>Null when <paramref name="snapshotVersion"/> is given and no such version exists.</returns>
    public FinanceReport? Build(ReportingPeriod period, long? snapshotVersion = null)
    {
        SnapshotRow? row;
        SnapshotRow? yearBeforeRow;
        IReadOnlyList<CommentaryRow> texts;
        using (var c = db.OpenRead())
        {
            texts = ReportStore.Commentary(c, period.Kind, period.Key);
            row = snapshotVersion is { } v ? SnapshotStore.Get(c, period.EndMonth, v) : SnapshotStore.Latest(c, period.EndMonth);
            // The year before as it stood when this snapshot was frozen: a later correction of that month must not change
            // a frozen report's comparison columns.
            var yearBefore = SnapshotStore.Versions(c, period.EndMonth.PlusMonths(-12));
            yearBeforeRow = row is null ? yearBefore.LastOrDefault() : yearBefore.LastOrDefault(y => y.CreatedAt <= row.CreatedAt);
        }
        if (snapshotVersion is not null && row is null)
        {
            return null;
        }
        var document = row is null ? snapshots.Preview(period.EndMonth) : DocumentJson.Deserialize<SnapshotDocument>(row.Document);
        var source = row is null
            ? new ReportSource(false, period.EndMonth, null, null,
                $"Foreløpig: det finnes ikke noe frosset øyeblikksbilde for {period.EndMonth:yyyy-MM}. Tallene er beregnet fra dagens registre og kan endres.", null)
            : new ReportSource(true, row.Month, row.Version, row.ContentHash, row.Label, row.CreatedAt, row.AuditHead);
        var input = new ReportInput(period, document, yearBeforeRow is null ? null : DocumentJson.Deserialize<SnapshotDocument>(yearBeforeRow.Document), source);
        var commentary = Commentary.Sections.Select(sec => texts.FirstOrDefault(t => t.Section == sec.Key) is { } t
            ? new ReportCommentary(sec.Key, sec.Title, t.Text, t.Version, t.WrittenBy, t.WrittenAt)
            : new ReportCommentary(sec.Key, sec.Title, "", null, null, null)).ToList();
        var chapters = Commentary.Place(Partials.Select(p => p.Chapter(input)).ToList(), commentary);
        return new FinanceReport(period, period.Title, document.AsOf, source, document, chapters) { Commentary = commentary };
    }
}

public sealed record DraftRun(ReportingPeriod Period, ReportDraftRow Draft, bool Created);

/// <summary>
/// Report drafts after 30.04, 31.08 and 31.12: freezes the period's last month (idempotent), builds the report from that
/// snapshot and stores it with its hash. The same snapshot gives the same draft; running twice stores it once.
/// </summary>
public sealed class ReportDrafts(Db db, MonthlySnapshot snapshots, FinanceReports reports, IClock clock)
{
    /// <summary>The latest period (tertial or year) that ended before <paramref name="today"/>'s month.</summary>
    public static ReportingPeriod PeriodEndedBefore(LocalDate today)
    {
        // The latest period whose last month has ended: a draft missed while the service was down (1 May) is still
        // made on a later start (in June), because T1 is then still the latest ended period.
        var ended = today.ToYearMonth().PlusMonths(-1);
        return ended.Month switch
        {
            >= 12 => ReportingPeriod.Annual(ended.Year),
            >= 8 => ReportingPeriod.OfTertial(ended.Year, 2),
            >= 4 => ReportingPeriod.OfTertial(ended.Year, 1),
            _ => ReportingPeriod.Annual(ended.Year - 1),
        };
    }

    /// <summary>The draft of the latest ended period (idempotent: the same snapshot gives the same draft).</summary>
    public IReadOnlyList<DraftRun> ForPeriodEndedBy(LocalDate today) => [Produce(PeriodEndedBefore(today))];

    public DraftRun Produce(ReportingPeriod period)
    {
        var snapshot = snapshots.Run(period.EndMonth, "scheduler").Snapshot;
        var report = reports.Build(period, snapshot.Version)!;
        var json = DocumentJson.Serialize(ReportJson.From(report));
        var hash = DocumentJson.Sha256(json);
        return db.InTransaction((c, tx) =>
        {
            if (SnapshotStore.FindDraft(c, period.Kind, period.Year, period.Tertial, hash, tx) is { } existing)
            {
                return new DraftRun(period, existing, false);
            }
            var row = new ReportDraftRow
            {
                Id = 0, Kind = period.Kind, Year = period.Year, Tertial = period.Tertial, SnapshotMonth = snapshot.Month,
                SnapshotVersion = snapshot.Version, CreatedAt = clock.GetCurrentInstant(), ContentHash = hash, Document = json,
            };
            return new DraftRun(period, row with { Id = SnapshotStore.InsertDraft(c, tx, row) }, true);
        });
    }
}
