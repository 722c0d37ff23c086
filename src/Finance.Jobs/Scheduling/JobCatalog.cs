using Finance.Core.Common;
using Hangfire;
using Microsoft.Extensions.Options;

namespace Finance.Jobs.Scheduling;

/// <summary>A recurring job: its id, its Norwegian description (as the dashboard shows it) and its cron in Europe/Oslo.</summary>
public sealed record JobDefinition(string Name, string Description, string Cron);

/// <summary>
/// The service's recurring jobs in Hangfire's storage. <see cref="Schedule"/> adds or updates them (idempotent: the
/// stored next fire time stays unless the cron changed), so every start of a process writes the same definitions.
/// </summary>
public sealed class JobCatalog(IOptions<JobsOptions> options)
{
    public const string MonthlySnapshot = "monthly-snapshot";
    public const string ReportDrafts = "report-drafts";

    public IReadOnlyList<JobDefinition> Definitions =>
    [
        new(MonthlySnapshot, FinanceJobs.MonthlySnapshotDescription, options.Value.MonthlySnapshotCron),
        new(ReportDrafts, FinanceJobs.ReportDraftsDescription, options.Value.ReportDraftsCron),
    ];

    public JobDefinition? Find(string name) => Definitions.FirstOrDefault(d => d.Name == name);

    /// <summary>
    /// Writes both recurring jobs. A fire time missed while no server ran is fired once when a server starts again
    /// (<see cref="MisfireHandlingMode.Relaxed"/>); the job itself then catches up every month that is missing.
    /// </summary>
    public void Schedule(IRecurringJobManager manager)
    {
        var recurring = new RecurringJobOptions { TimeZone = Oslo.TimeZone, MisfireHandling = MisfireHandlingMode.Relaxed };
        manager.AddOrUpdate<FinanceJobs>(MonthlySnapshot, j => j.MonthlySnapshot(CancellationToken.None), options.Value.MonthlySnapshotCron, recurring);
        manager.AddOrUpdate<FinanceJobs>(ReportDrafts, j => j.ReportDrafts(CancellationToken.None), options.Value.ReportDraftsCron, recurring);
    }
}
