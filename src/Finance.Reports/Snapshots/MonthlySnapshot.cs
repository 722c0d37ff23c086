using System.Data.Common;
using Finance.Core.Common;
using Finance.Data;
using Finance.Data.Policy;
using Finance.Data.Snapshots;
using NodaTime;

namespace Finance.Reports.Snapshots;

/// <summary>Builds the document of one month: each section is one call here.</summary>
public static class SnapshotBuilder
{
    /// <summary>
    /// The document of <c>month</c>, read as of its last day inside <c>tx</c>. With <c>recordBreachesAt</c> (the snapshot
    /// is being stored) breaches found at the month end are recorded in the deviation register at that instant
    /// (<see cref="ComplianceSectionBuilder"/>); without it (a preview) nothing is written.
    /// </summary>
    public static SnapshotDocument Build(DbConnection c, DbTransaction tx, YearMonth month, StressProvider stress, Instant? recordBreachesAt = null)
    {
        var asOf = month.OnDayOfMonth(1).With(DateAdjusters.EndOfMonth);
        var notes = new List<string>();
        var policy = PolicyStore.InForce(c, asOf, tx);
        if (policy is null)
        {
            notes.Add($"Ingen versjon av finansreglementet gjelder per {asOf:dd.MM.yyyy}.");
        }
        var fund = FundSectionBuilder.Build(c, tx, asOf, policy, notes);
        return new SnapshotDocument
        {
            Month = month,
            AsOf = asOf,
            PolicyVersion = policy?.Version.Version,
            PolicyName = policy?.Version.Name,
            Fund = fund,
            Liquidity = LiquiditySectionBuilder.Build(c, tx, asOf, policy, notes),
            Debt = DebtSectionBuilder.Build(c, tx, asOf, policy, notes),
            GreenZone = GreenZoneSection.Build(c, tx, asOf, notes),
            Stress = StressSection.From(stress(c, tx, asOf)),
            // The supplement before the compliance section, which may record breaches: it still finds the loans the debt
            // section read (DebtStore keeps them for the transaction until something is written).
            Supplement = SupplementSectionBuilder.Build(c, tx, asOf, policy, fund),
            Compliance = ComplianceSectionBuilder.Build(c, tx, asOf, recordBreachesAt, notes),
            Notes = notes,
        };
    }
}

/// <summary>The outcome of a run: the stored snapshot, and whether this run created it (false: it existed with the same hash).</summary>
public sealed record SnapshotRun(SnapshotRow Snapshot, bool Created);

/// <summary>
/// The monthly snapshot: freezes the month's figures as an immutable, hashed document. Idempotent per month: when the
/// figures are unchanged the existing snapshot is returned (same hash); when the data behind them was corrected, a new
/// version is stored with a label saying so, and the earlier version stays as it was.
/// </summary>
public sealed class MonthlySnapshot(Db db, IClock clock, StressProvider stress)
{
    /// <summary>The furthest back a catch-up reaches, so a long-dead installation does not produce years of snapshots at once.</summary>
    public const int MaxCatchUpMonths = 24;

    /// <summary>The last month that has ended in Europe/Oslo.</summary>
    public static YearMonth LastEndedMonth(IClock clock) => clock.Today().ToYearMonth().PlusMonths(-1);

    /// <summary>Computes the document without storing it (a live view of a month that has no snapshot).</summary>
    public SnapshotDocument Preview(YearMonth month)
    {
        using var c = db.OpenRead();
        using var tx = c.BeginRead();
        return SnapshotBuilder.Build(c, tx, month, stress);
    }

    /// <exception cref="ArgumentOutOfRangeException">The month has not ended yet.</exception>
    public SnapshotRun Run(YearMonth month, string createdBy) => Store(month, createdBy, keepExisting: false);

    /// <summary>
    /// The month's snapshot as the catch-up makes it: when the month has one already (another run, even one at the same
    /// moment, stored it), that one is returned and nothing is built or written. The check and the insert are one write
    /// transaction, so two runs at once give one version; a run that fails leaves nothing of the month behind.
    /// </summary>
    public SnapshotRun RunIfMissing(YearMonth month, string createdBy) => Store(month, createdBy, keepExisting: true);

    private SnapshotRun Store(YearMonth month, string createdBy, bool keepExisting)
    {
        if (month > LastEndedMonth(clock))
        {
            throw new ArgumentOutOfRangeException(nameof(month), month, $"{month:yyyy-MM} has not ended yet: a snapshot freezes a month after its last day.");
        }
        return db.InTransaction((c, tx) =>
        {
            if (keepExisting && SnapshotStore.Latest(c, month, tx) is { } stored)
            {
                return new SnapshotRun(stored, false);
            }
            // The stored snapshot records the month end's breaches in the deviation register (once per continuing breach).
            var document = SnapshotBuilder.Build(c, tx, month, stress, clock.GetCurrentInstant());
            var json = DocumentJson.Serialize(document);
            var hash = DocumentJson.Sha256(json);
            var latest = SnapshotStore.Latest(c, month, tx);
            if (latest is not null && latest.ContentHash == hash)
            {
                return new SnapshotRun(latest, false);
            }
            var now = clock.GetCurrentInstant();
            var version = (latest?.Version ?? 0) + 1;
            var label = latest is null
                ? $"Versjon 1 – frosset {now.InZone(Oslo.Zone):dd.MM.yyyy HH:mm}"
                : $"Versjon {version} – korrigert {now.InZone(Oslo.Zone):dd.MM.yyyy HH:mm}: dataene bak tallene er endret siden versjon {latest.Version} (hash {latest.ContentHash[..12]})";
            var row = new SnapshotRow
            {
                Month = month, Version = version, AsOf = document.AsOf, CreatedAt = now, CreatedBy = createdBy,
                Label = label, ContentHash = hash, Document = json,
            };
            SnapshotStore.Insert(c, tx, row);
            return new SnapshotRun(row, true);
        });
    }

    /// <summary>
    /// Every ended month after the latest stored snapshot, oldest first, up to the month just ended (at most
    /// <see cref="MaxCatchUpMonths"/>). With no snapshot at all it starts at <paramref name="firstMonth"/>, or else at the
    /// month just ended: a new installation does not invent its past. Months that already have a snapshot are not touched
    /// (<see cref="RunIfMissing"/>), so running it twice — one after the other or at the same time — produces each month
    /// once; a run that fails at a month keeps the months before it and leaves that month for the next run.
    /// </summary>
    public IReadOnlyList<SnapshotRun> CatchUp(string createdBy, YearMonth? firstMonth = null)
    {
        var last = LastEndedMonth(clock);
        YearMonth? latest;
        using (var c = db.OpenRead())
        {
            latest = SnapshotStore.LatestMonth(c);
        }
        var start = latest is { } l ? l.PlusMonths(1) : firstMonth ?? last;
        if (start < last.PlusMonths(-(MaxCatchUpMonths - 1)))
        {
            start = last.PlusMonths(-(MaxCatchUpMonths - 1));
        }
        var runs = new List<SnapshotRun>();
        for (var m = start; m <= last; m = m.PlusMonths(1))
        {
            runs.Add(RunIfMissing(m, createdBy));
        }
        return runs;
    }
}
