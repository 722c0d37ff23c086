using Quartz;

namespace Finance.Jobs.Scheduling;

/// <summary>What an execution ended with, left on the context for <see cref="ExecutionHistoryListener"/>.</summary>
public sealed record JobOutcome(string Outcome, int Attempt, string? Result, DateTimeOffset? RetryAt);

/// <summary>
/// Bounded retries: a failed attempt schedules a one-off retry trigger for the same job after
/// <see cref="JobsOptions.RetryDelaySeconds"/>, carrying the attempt number, until <see cref="JobsOptions.MaxAttempts"/>.
/// The retry trigger lives in the persistent store, so a retry pending at shutdown still runs after a restart.
/// </summary>
public static class JobRetry
{
    public const string AttemptKey = "attempt";

    public static int Attempt(IJobExecutionContext context) =>
        context.MergedJobDataMap.ContainsKey(AttemptKey) && int.TryParse(context.MergedJobDataMap[AttemptKey]?.ToString(), out var a) ? a : 1;

    public static async ValueTask Run(IJobExecutionContext context, JobsOptions options, Func<string> work, CancellationToken ct)
    {
        var attempt = Attempt(context);
        try
        {
            var result = work();
            context.Result = new JobOutcome("succeeded", attempt, result, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            DateTimeOffset? retryAt = null;
            if (attempt < options.MaxAttempts)
            {
                // Quartz's own clock: the retry is a point on the scheduler's timeline, not a business date.
                retryAt = context.Scheduler.TimeProvider.GetUtcNow().AddSeconds(options.RetryDelaySeconds);
                var retry = TriggerBuilder.Create()
                    .WithIdentity($"{context.JobDetail.Key.Name}-retry-{Guid.NewGuid():N}", JobCatalog.RetryGroup)
                    .ForJob(context.JobDetail.Key)
                    .WithDescription($"Forsøk {attempt + 1} av {options.MaxAttempts} etter feil: {ex.Message}")
                    .UsingJobData(AttemptKey, (attempt + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .StartAt(retryAt.Value)
                    .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
                    .Build();
                await context.Scheduler.ScheduleJob(retry, default, ct);
            }
            context.Result = new JobOutcome(retryAt is null ? "failed" : "retryScheduled", attempt, null, retryAt);
            throw new JobExecutionException(ex.Message, ex);
        }
    }
}
