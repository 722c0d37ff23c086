using Finance.Core.Common;
using Finance.Jobs.Reports;
using Finance.Jobs.Snapshots;
using Microsoft.Extensions.Options;
using NodaTime;
using Quartz;

namespace Finance.Jobs.Scheduling;

/// <summary>
/// After each month end: snapshots every ended month that has none yet (the month just ended, and any month missed
/// while the service was down). Thin: the work is <see cref="MonthlySnapshot.CatchUp"/>.
/// </summary>
[DisallowConcurrentExecution]
public sealed class MonthlySnapshotJob(MonthlySnapshot snapshots, IOptions<JobsOptions> options) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await JobRetry.Run(context, options.Value, () =>
        {
            var runs = snapshots.CatchUp("scheduler", options.Value.FirstMonth);
            return runs.Count == 0
                ? "Ingen måned mangler øyeblikksbilde."
                : string.Join("; ", runs.Select(r => $"{r.Snapshot.Month:yyyy-MM} v{r.Snapshot.Version} {(r.Created ? "opprettet" : "uendret")}"));
        }, cancellationToken);
}

/// <summary>
/// After 30.04, 31.08 and 31.12: the draft of the tertial or annual report of the latest ended period (also when the
/// run is caught up later, after the service was down). Thin: the
/// work is <see cref="ReportDrafts.ForPeriodEndedBy"/>.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ReportDraftsJob(ReportDrafts drafts, IOptions<JobsOptions> options, IClock clock) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await JobRetry.Run(context, options.Value, () =>
        {
            var today = clock.Today();
            var results = drafts.ForPeriodEndedBy(today);
            return string.Join("; ", results.Select(d => $"{d.Period.Title}: utkast {d.Draft.Id} {(d.Created ? "opprettet" : "uendret")}"));
        }, cancellationToken);
}
