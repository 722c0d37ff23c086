using System.Diagnostics;
using Finance.Data;
using Finance.Data.Jobs;
using Hangfire.Common;
using Hangfire.Server;
using Hangfire.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Finance.Jobs.Scheduling;

/// <summary>
/// Records every execution in the finance database's <c>job_executions</c> — the record auditors read, whatever
/// Hangfire's own storage keeps or expires: job, Hangfire job id, scheduled and actual start, finish, duration,
/// outcome, attempt, result and error. Whichever process ran the job writes the row, so the API shows the worker's
/// executions too. A run stopped by a shutdown is not an outcome (Hangfire runs it again) and is not recorded.
/// </summary>
public sealed class ExecutionHistory(Db db, IOptions<JobsOptions> options, ILogger<ExecutionHistory> logger) : IServerFilter
{
    private const string StartedAt = "finance:startedAt";
    private const string StartedTicks = "finance:startedTicks";

    public void OnPerforming(PerformingContext context)
    {
        context.Items[StartedAt] = SystemClock.Instance.GetCurrentInstant();
        context.Items[StartedTicks] = Stopwatch.GetTimestamp();
    }

    public void OnPerformed(PerformedContext context)
    {
        if (context.Exception is OperationCanceledException or JobAbortedException || !context.Items.ContainsKey(StartedAt))
        {
            return;
        }
        var started = (Instant)context.Items[StartedAt];
        var duration = Stopwatch.GetElapsedTime((long)context.Items[StartedTicks]);
        // Hangfire counts the retries it scheduled; the attempt is one more. A failure before the last attempt is retried.
        var attempt = context.GetJobParameter<int>("RetryCount", allowStale: true) + 1;
        var error = context.Exception is null ? null : (context.Exception is JobPerformanceException { InnerException: { } inner } ? inner : context.Exception);
        var scheduled = context.GetJobParameter<long?>("Time", allowStale: true);
        var job = context.GetJobParameter<string>("RecurringJobId", allowStale: true) ?? context.BackgroundJob.Job.Method.Name;
        var row = new JobExecutionRow
        {
            FireId = $"{context.BackgroundJob.Id}/{attempt}",
            Job = job,
            TriggerName = $"hangfire job {context.BackgroundJob.Id}",
            ScheduledAt = scheduled is { } s ? Instant.FromUnixTimeSeconds(s) : null,
            FiredAt = started,
            FinishedAt = started + Duration.FromTimeSpan(duration),
            DurationMs = (long)duration.TotalMilliseconds,
            Outcome = error is null ? "succeeded" : attempt < options.Value.MaxAttempts ? "retryScheduled" : "failed",
            Attempt = attempt,
            Result = context.Result as string,
            Error = error?.ToString(),
            Instance = context.ServerId,
        };
        try
        {
            using var c = db.Open();
            JobExecutionStore.Insert(c, row);
        }
        catch (Exception ex)
        {
            // The execution has happened; losing its record must not fail the job (which would run it again).
            logger.LogError(ex, "Could not record the execution of {Job}.", row.Job);
        }
    }
}
