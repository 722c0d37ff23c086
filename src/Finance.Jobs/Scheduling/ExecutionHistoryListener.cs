using Finance.Data;
using Finance.Data.Jobs;
using Microsoft.Extensions.Logging;
using NodaTime;
using Quartz;

namespace Finance.Jobs.Scheduling;

/// <summary>
/// Records every execution in <c>job_executions</c>: job, trigger, scheduled and actual fire time, outcome, attempt,
/// duration and error. Whichever process ran the job writes the row, so the API shows the worker's executions too.
/// </summary>
public sealed class ExecutionHistoryListener(Db db, ILogger<ExecutionHistoryListener> logger) : IJobListener
{
    public string Name => "finance-execution-history";

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        var outcome = context.Result as JobOutcome;
        var fired = context.FireTimeUtc;
        var duration = context.JobRunTime;
        var row = new JobExecutionRow
        {
            FireId = context.FireInstanceId,
            Job = context.JobDetail.Key.ToString(),
            TriggerName = context.Trigger.Key.ToString(),
            ScheduledAt = context.ScheduledFireTimeUtc is { } s ? Instant.FromDateTimeOffset(s) : null,
            FiredAt = Instant.FromDateTimeOffset(fired),
            FinishedAt = Instant.FromDateTimeOffset(fired + duration),
            DurationMs = (long)duration.TotalMilliseconds,
            Outcome = outcome?.Outcome ?? (jobException is null ? "succeeded" : "failed"),
            Attempt = outcome?.Attempt ?? JobRetry.Attempt(context),
            Result = outcome?.Result,
            Error = jobException is null ? null : (jobException.InnerException ?? jobException).ToString(),
            Instance = $"{context.Scheduler.SchedulerName}/{context.Scheduler.SchedulerInstanceId}",
        };
        try
        {
            using var c = db.Open();
            JobExecutionStore.Insert(c, row);
        }
        catch (Exception ex)
        {
            // The execution has happened; losing its record must not fail the scheduler.
            logger.LogError(ex, "Could not record the execution of {Job}.", row.Job);
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask JobProgressChanged(IJobExecutionContext context, Quartz.Extensibility.FireInstanceProgress progress, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
