using Finance.Core.Common;
using Finance.Jobs.Snapshots;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace Finance.Jobs.Scheduling;

/// <summary>A scheduled job: its key, what it does, and its cron trigger in Europe/Oslo.</summary>
public sealed record JobDefinition(JobKey Key, Type JobType, string Description, TriggerKey Trigger, string Cron);

/// <summary>
/// The service's scheduled jobs, kept in Quartz's persistent store. Definitions are added when missing and left alone
/// when present (a changed cron expression replaces the trigger), so the stored trigger keeps its last fire time and a
/// fire missed while the service was down is seen as a misfire and fired once on start.
/// </summary>
public sealed class JobCatalog(IOptions<JobsOptions> options)
{
    public const string Group = "finance";
    public const string RetryGroup = "retries";

    public static readonly JobKey MonthlySnapshotKey = new("monthly-snapshot", Group);
    public static readonly JobKey ReportDraftsKey = new("report-drafts", Group);

    public IReadOnlyList<JobDefinition> Definitions =>
    [
        new(MonthlySnapshotKey, typeof(MonthlySnapshotJob),
            "Månedlig øyeblikksbilde: fryser beholdning, avkastning, realverdi og buffer, stresstest m.m. for hver avsluttet måned som mangler (idempotent).",
            new TriggerKey("monthly-snapshot-cron", Group), options.Value.MonthlySnapshotCron),
        new(ReportDraftsKey, typeof(ReportDraftsJob),
            "Utkast til tertialrapport (etter 30.04 og 31.08) og årsrapport (etter 31.12), bygget fra de frosne øyeblikksbildene.",
            new TriggerKey("report-drafts-cron", Group), options.Value.ReportDraftsCron),
    ];

    public static ITrigger CronTrigger(JobDefinition d) => TriggerBuilder.Create()
        .WithIdentity(d.Trigger)
        .ForJob(d.Key)
        .WithDescription($"{d.Cron} (Europe/Oslo)")
        .WithCronSchedule(d.Cron, c => c.InTimeZone(Oslo.TimeZone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
        .Build();

    public async Task EnsureScheduled(IScheduler scheduler, ILogger logger, CancellationToken ct)
    {
        foreach (var d in Definitions)
        {
            var job = JobBuilder.Create().OfType(d.JobType).WithIdentity(d.Key).WithDescription(d.Description).StoreDurably().Build();
            if (!await scheduler.Exists(d.Key, ct))
            {
                await scheduler.AddJob(job, AddJobOptions.Replacing, ct);
            }
            var existing = await scheduler.GetTrigger(d.Trigger, ct);
            if (existing is null)
            {
                await scheduler.ScheduleJob(CronTrigger(d), default, ct);
                logger.LogInformation("Scheduled {Job} at {Cron} Europe/Oslo.", d.Key, d.Cron);
            }
            else if (existing is not ICronTrigger cron || cron.CronExpressionString != d.Cron)
            {
                await scheduler.RescheduleJob(d.Trigger, CronTrigger(d), ct);
                logger.LogInformation("Rescheduled {Job} at {Cron} Europe/Oslo.", d.Key, d.Cron);
            }
        }
    }
}
