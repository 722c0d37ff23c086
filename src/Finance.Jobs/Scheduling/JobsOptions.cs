using NodaTime;
using NodaTime.Text;

namespace Finance.Jobs.Scheduling;

/// <summary>
/// Configuration section <c>Jobs</c>. Cron expressions are Hangfire's five-field cron (minute hour day month weekday)
/// in Europe/Oslo.
/// </summary>
public sealed class JobsOptions
{
    /// <summary>
    /// <c>Jobs:Enabled</c> (default true): run the Hangfire server in this process, so the jobs fire here. False: nothing
    /// fires here; the API still shows the schedule and queues a trigger-now for the process that runs the server.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Hangfire's own SQLite file. Empty (default): beside the finance database, its name with <c>.hangfire</c> before the
    /// extension (<c>finance.db</c> → <c>finance.hangfire.db</c>). The API and a worker on one database share it.
    /// </summary>
    public string? StoragePath { get; set; }

    /// <summary>The monthly snapshot: 02:00 on the 1st, for the month just ended.</summary>
    public string MonthlySnapshotCron { get; set; } = "0 2 1 * *";

    /// <summary>The report drafts: 03:00 on 1 May, 1 September and 1 January (after 30.04, 31.08 and 31.12).</summary>
    public string ReportDraftsCron { get; set; } = "0 3 1 1,5,9 *";

    /// <summary>Wait before a failed job is tried again.</summary>
    public int RetryDelaySeconds { get; set; } = 300;

    /// <summary>Attempts per firing, the first included; after the last, the failure stands (outcome <c>failed</c>).</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>How often the server looks for queued and due jobs (seconds; default 15). Tests use a fraction of a second.</summary>
    public double PollSeconds { get; set; } = 15;

    /// <summary>Jobs run at once by this process's server (default 2).</summary>
    public int WorkerCount { get; set; } = 2;

    /// <summary>
    /// Where the snapshot catch-up starts when no snapshot exists yet (<c>yyyy-MM</c>); empty: the month just ended.
    /// </summary>
    public string? FirstSnapshotMonth { get; set; }

    public YearMonth? FirstMonth =>
        string.IsNullOrWhiteSpace(FirstSnapshotMonth) ? null : YearMonthPattern.Iso.Parse(FirstSnapshotMonth).GetValueOrThrow();

    public TimeSpan PollInterval => TimeSpan.FromSeconds(Math.Clamp(PollSeconds, 0.05, 3600));

    /// <summary>Hangfire's file for the finance database <paramref name="financeDatabasePath"/> (see <see cref="StoragePath"/>).</summary>
    public string StorageFile(string financeDatabasePath)
    {
        if (!string.IsNullOrWhiteSpace(StoragePath))
        {
            return Path.GetFullPath(StoragePath);
        }
        var full = Path.GetFullPath(financeDatabasePath);
        return Path.Combine(Path.GetDirectoryName(full)!, Path.GetFileNameWithoutExtension(full) + ".hangfire" + Path.GetExtension(full));
    }
}
