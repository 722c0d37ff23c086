using System.ComponentModel.DataAnnotations;
using NodaTime;
using NodaTime.Text;

namespace Finance.Jobs.Scheduling;

/// <summary>
/// Configuration section <c>Jobs</c>, bound once and validated at start (a bad value stops the start naming its key).
/// Cron expressions are Hangfire's five-field cron (minute hour day month weekday) in Europe/Oslo.
/// </summary>
public sealed class JobsOptions : IValidatableObject
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
    [Range(0, 86_400, ErrorMessage = "Jobs:RetryDelaySeconds must be from 0 to 86400 (seconds).")]
    public int RetryDelaySeconds { get; set; } = 300;

    /// <summary>Attempts per firing, the first included; after the last, the failure stands (outcome <c>failed</c>).</summary>
    [Range(1, 100, ErrorMessage = "Jobs:MaxAttempts must be from 1 to 100.")]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>How often the server looks for queued and due jobs (seconds; default 15). Tests use a fraction of a second.</summary>
    [Range(0.05, 3600, ErrorMessage = "Jobs:PollSeconds must be from 0.05 to 3600 (seconds).")]
    public double PollSeconds { get; set; } = 15;

    /// <summary>Jobs run at once by this process's server (default 2).</summary>
    [Range(1, 64, ErrorMessage = "Jobs:WorkerCount must be from 1 to 64.")]
    public int WorkerCount { get; set; } = 2;

    /// <summary>
    /// Where the snapshot catch-up starts when no snapshot exists yet (<c>yyyy-MM</c>); empty: the month just ended.
    /// </summary>
    public string? FirstSnapshotMonth { get; set; }

    /// <summary>The checks attributes cannot state: the cron expressions and the first snapshot month parse.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (key, cron) in new[] { ("MonthlySnapshotCron", MonthlySnapshotCron), ("ReportDraftsCron", ReportDraftsCron) })
        {
            if (!IsFiveFieldCron(cron))
            {
                yield return new ValidationResult($"Jobs:{key} must be a five-field cron expression (minute hour day month weekday), e.g. \"0 2 1 * *\".", [key]);
            }
        }
        if (!string.IsNullOrWhiteSpace(FirstSnapshotMonth) && !YearMonthPattern.Iso.Parse(FirstSnapshotMonth).Success)
        {
            yield return new ValidationResult("Jobs:FirstSnapshotMonth must be a month yyyy-MM, e.g. 2025-01.", [nameof(FirstSnapshotMonth)]);
        }
    }

    /// <summary>Five fields of cron characters (Hangfire parses the expression itself when the job is written).</summary>
    private static bool IsFiveFieldCron(string? cron) =>
        cron?.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: 5 } fields
        && fields.All(f => f.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '*' or ',' or '-' or '/' or '?' or '#'));

    /// <summary><see cref="FirstSnapshotMonth"/> as a month (checked at start by <see cref="Validate"/>).</summary>
    public YearMonth? FirstMonth =>
        YearMonthPattern.Iso.Parse(FirstSnapshotMonth ?? "") is { Success: true } month ? month.Value : null;

    public TimeSpan PollInterval => TimeSpan.FromSeconds(PollSeconds);

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
