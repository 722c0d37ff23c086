using System.ComponentModel;
using Finance.Core.Common;
using Finance.Reports;
using Finance.Reports.Snapshots;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Finance.Jobs.Scheduling;

/// <summary>
/// The two recurring jobs as Hangfire calls them. Thin: the work is <see cref="MonthlySnapshot.CatchUp"/> and
/// <see cref="ReportDrafts.ForPeriodEndedBy"/>, both idempotent in the finance database's own write transactions
/// (a community SQLite storage may start a job twice: the second run finds the month stored and writes nothing). The
/// text returned is the run's result, kept by Hangfire and in <c>job_executions</c>.
/// </summary>
public sealed class FinanceJobs(MonthlySnapshot snapshots, ReportDrafts drafts, IOptions<JobsOptions> options, IClock clock)
{
    public const string MonthlySnapshotDescription =
        "Månedlig øyeblikksbilde: fryser beholdning, avkastning, realverdi og buffer, stresstest m.m. for hver avsluttet måned som mangler";

    public const string ReportDraftsDescription =
        "Utkast til tertialrapport (etter 30.04 og 31.08) og årsrapport (etter 31.12), bygget fra de frosne øyeblikksbildene";

    [DisplayName(MonthlySnapshotDescription)]
    public string MonthlySnapshot(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var runs = snapshots.CatchUp("scheduler", options.Value.FirstMonth);
        return runs.Count == 0
            ? "Ingen måned mangler øyeblikksbilde."
            : string.Join("; ", runs.Select(r => $"{r.Snapshot.Month:yyyy-MM} v{r.Snapshot.Version} {(r.Created ? "opprettet" : "uendret")}"));
    }

    [DisplayName(ReportDraftsDescription)]
    public string ReportDrafts(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var results = drafts.ForPeriodEndedBy(clock.Today());
        return string.Join("; ", results.Select(d => $"{d.Period.Title}: utkast {d.Draft.Id} {(d.Created ? "opprettet" : "uendret")}"));
    }
}
