using Finance.Api.Infrastructure;
using Finance.Data;
using Finance.Data.Jobs;
using Finance.Jobs.Scheduling;
using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Finance.Api.Jobs;

/// <summary>
/// A recurring job as Hangfire stores it: cron in <c>timeZone</c>, the next and last fire time with the Oslo offset, the
/// state of the last run and the storage's error for the definition, if any.
/// </summary>
public sealed record JobDto(string Name, string Description, string Cron, string TimeZone, DateTimeOffset? NextFireTime, DateTimeOffset? LastFireTime,
    string? LastJobId, string? LastState, string? Error);

/// <summary>One run (a retry is its own row): <c>trigger</c> names the Hangfire job, as the dashboard shows it.</summary>
public sealed record ExecutionDto(string Job, string Trigger, Instant? ScheduledAt, Instant FiredAt, Instant FinishedAt, long DurationMs, string Outcome, long Attempt, string? Result, string? Error, string Instance);

/// <summary>The scheduler's state: <c>schedulerRunsHere</c> false means Jobs:Enabled=false in this process (a worker may run them).</summary>
public sealed record JobsDto(bool SchedulerRunsHere, string TimeZone, string Dashboard, IReadOnlyList<JobDto> Jobs, IReadOnlyList<ExecutionDto> RecentExecutions);

/// <summary>A run queued now: the job and the id of the Hangfire job that will run it.</summary>
public sealed record TriggeredDto(string Name, string Description, string HangfireJobId);

/// <summary>Scheduled jobs (monthly snapshot, report drafts): cron and next fire times in Europe/Oslo, executions.</summary>
public static class JobsApi
{
    public static void MapJobsApi(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/jobs").WithTags("Jobs").RequireAuthorization(Policies.Audit);
        var write = app.MapGroup("/api/jobs").WithTags("Jobs").RequireAuthorization(Policies.Write);
        audit.MapGet("", List)
            .WithSummary("Scheduled jobs, next fire times and recent executions")
            .WithDescription("The recurring jobs in Hangfire's storage (five-field cron in Europe/Oslo, next and last fire time with the Oslo offset, the last run's state) and the latest executions from the finance database's own history with outcome (succeeded, retryScheduled, failed), attempt, duration and error. The schedule and the history are stored, so they survive restarts and show the worker's runs too. The same jobs are shown in the dashboard at /hangfire (sign in at /signin).");
        write.MapPost("/{name}/trigger", Trigger)
            .WithSummary("Run a job now")
            .WithDescription("Queues `monthly-snapshot` (catches up every ended month without a snapshot) or `report-drafts` now: recorded in the execution history and retried on failure like a scheduled run. Runs in whichever process runs the Hangfire server (this one, or the worker). Running it twice, even at once, stores each month once.");
    }

    private static Ok<JobsDto> List(JobStorage storage, JobCatalog catalog, Db db, IOptions<JobsOptions> options, int? limit)
    {
        List<RecurringJobDto> stored;
        using (var connection = storage.GetConnection())
        {
            stored = connection.GetRecurringJobs();
        }
        var jobs = catalog.Definitions
            .Select(d => (Definition: d, Stored: stored.FirstOrDefault(s => s.Id == d.Name)))
            .Where(j => j.Stored is not null)
            .Select(j => new JobDto(j.Definition.Name, j.Definition.Description, j.Stored!.Cron, j.Stored.TimeZoneId ?? "UTC",
                Oslo(j.Stored.NextExecution), Oslo(j.Stored.LastExecution), j.Stored.LastJobId, j.Stored.LastJobState, j.Stored.Error))
            .ToList();
        using var c = db.OpenRead();
        var executions = JobExecutionStore.Recent(c, Math.Clamp(limit ?? 50, 1, 500))
            .Select(e => new ExecutionDto(e.Job, e.TriggerName, e.ScheduledAt, e.FiredAt, e.FinishedAt, e.DurationMs, e.Outcome, e.Attempt, e.Result, e.Error, e.Instance))
            .ToList();
        return TypedResults.Ok(new JobsDto(options.Value.Enabled, "Europe/Oslo", JobsDashboard.Path, jobs, executions));
    }

    private static Results<Accepted<TriggeredDto>, NotFound<ProblemDetails>> Trigger(IRecurringJobManagerV2 manager, JobCatalog catalog, string name)
    {
        if (catalog.Find(name) is not { } definition)
        {
            return ProblemResults.NotFound($"No job '{name}'. Jobs: {string.Join(", ", catalog.Definitions.Select(d => d.Name))}.");
        }
        var id = manager.TriggerJob(definition.Name);
        return TypedResults.Accepted("/api/jobs", new TriggeredDto(definition.Name, definition.Description, id));
    }

    private static DateTimeOffset? Oslo(DateTime? utc) =>
        utc is { } u ? TimeZoneInfo.ConvertTime(new DateTimeOffset(DateTime.SpecifyKind(u, DateTimeKind.Utc)), Finance.Core.Common.Oslo.TimeZone) : null;
}
