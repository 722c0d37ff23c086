using NodaTime;
using NodaTime.Text;

namespace Finance.Jobs.Scheduling;

/// <summary>
/// Configuration section <c>Jobs</c>. Cron expressions are Quartz cron (seconds first) in Europe/Oslo.
/// </summary>
public sealed class JobsOptions
{
    /// <summary><c>Jobs:Enabled</c> (default true): run the scheduler in this process. False: nothing is scheduled or fired here.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The scheduler's name, the key of its rows in the QRTZ_ tables (default <c>finance</c>). The API and a worker on the
    /// same database must use the same name to share the schedule and its history.
    /// </summary>
    public string SchedulerName { get; set; } = "finance";

    /// <summary>The monthly snapshot: 02:00 on the 1st, for the month just ended.</summary>
    public string MonthlySnapshotCron { get; set; } = "0 0 2 1 * ?";

    /// <summary>The report drafts: 03:00 on 1 May, 1 September and 1 January (after 30.04, 31.08 and 31.12).</summary>
    public string ReportDraftsCron { get; set; } = "0 0 3 1 1,5,9 ?";

    /// <summary>Wait before a failed job is tried again.</summary>
    public int RetryDelaySeconds { get; set; } = 300;

    /// <summary>Attempts per firing, the first included; after the last, the failure stands (outcome <c>failed</c>).</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>
    /// Where the snapshot catch-up starts when no snapshot exists yet (<c>yyyy-MM</c>); empty: the month just ended.
    /// </summary>
    public string? FirstSnapshotMonth { get; set; }

    public YearMonth? FirstMonth =>
        string.IsNullOrWhiteSpace(FirstSnapshotMonth) ? null : YearMonthPattern.Iso.Parse(FirstSnapshotMonth).GetValueOrThrow();
}
