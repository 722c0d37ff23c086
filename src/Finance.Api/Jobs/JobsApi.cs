using Finance.Core.Common;
using Finance.Api.Infrastructure;
using Finance.Data;
using Finance.Data.Jobs;
using Finance.Jobs.Scheduling;
using Finance.Jobs.Snapshots;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NodaTime;
using Quartz;

namespace Finance.Api.Jobs;

public sealed record TriggerDto(string Name, string Group, string? Description, string? Cron, string? TimeZone, string State, DateTimeOffset? NextFireTime, DateTimeOffset? PreviousFireTime, string? MisfireInstruction);

public sealed record JobDto(string Name, string Group, string? Description, IReadOnlyList<TriggerDto> Triggers);

public sealed record ExecutionDto(string Job, string Trigger, Instant? ScheduledAt, Instant FiredAt, Instant FinishedAt, long DurationMs, string Outcome, long Attempt, string? Result, string? Error, string Instance);

/// <summary>The scheduler's state: <c>schedulerRunsHere</c> false means Jobs:Enabled=false in this process (a worker may run them).</summary>
public sealed record JobsDto(bool SchedulerRunsHere, string TimeZone, IReadOnlyList<JobDto> Jobs, IReadOnlyList<ExecutionDto> RecentExecutions);

/// <summary>Scheduled jobs (monthly snapshot, report drafts): triggers, next fire times in Europe/Oslo, executions.</summary>
public static class JobsApi
{
    public static void MapJobsApi(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/jobs").WithTags("Jobs").RequireAuthorization(Policies.Audit);
        var write = app.MapGroup("/api/jobs").WithTags("Jobs").RequireAuthorization(Policies.Write);
        audit.MapGet("", List)
            .WithSummary("Scheduled jobs, next fire times and recent executions")
            .WithDescription("The jobs in the scheduler's persistent store with their triggers (cron in Europe/Oslo, state, next and previous fire time with the Oslo offset) and the latest executions with outcome (succeeded, retryScheduled, failed), attempt, duration and error. The schedule and the history live in the database, so they survive restarts and show the worker's runs too.");
        write.MapPost("/{name}/trigger", Trigger)
            .WithSummary("Run a job now")
            .WithDescription("Fires `monthly-snapshot` (catches up every ended month without a snapshot) or `report-drafts` now, through the scheduler: recorded in the execution history and retried on failure like a scheduled run. Runs in whichever process runs the scheduler (this one, or the worker).");
    }

    private static async Task<Ok<JobsDto>> List(ISchedulerFactory factory, JobCatalog catalog, Db db, IOptions<JobsOptions> options, int? limit, CancellationToken ct)
    {
        var scheduler = await factory.GetScheduler(ct);
        var jobs = new List<JobDto>();
        foreach (var d in catalog.Definitions)
        {
            var detail = await scheduler.GetJobDetail(d.Key, ct);
            if (detail is null)
            {
                continue;
            }
            var triggers = new List<TriggerDto>();
            foreach (var header in (await scheduler.QueryTriggers(new TriggerQuery { Job = d.Key }, ct)).Items)
            {
                var key = header.Key;
                if (await scheduler.GetTrigger(key, ct) is not { } t)
                {
                    continue;
                }
                var state = await scheduler.GetTriggerState(key, ct);
                var cron = t as ICronTrigger;
                triggers.Add(new TriggerDto(key.Name, key.Group, t.Description, cron?.CronExpressionString, cron?.TimeZone.Id, state.ToString(),
                    Oslo(header.NextFireTimeUtc), Oslo(header.PreviousFireTimeUtc), cron?.MisfireInstruction.ToString()));
            }
            jobs.Add(new JobDto(d.Key.Name, d.Key.Group, detail.Description, triggers));
        }
        using var c = db.Open();
        var executions = JobExecutionStore.Recent(c, Math.Clamp(limit ?? 50, 1, 500))
            .Select(e => new ExecutionDto(e.Job, e.TriggerName, e.ScheduledAt, e.FiredAt, e.FinishedAt, e.DurationMs, e.Outcome, e.Attempt, e.Result, e.Error, e.Instance))
            .ToList();
        return TypedResults.Ok(new JobsDto(options.Value.Enabled, "Europe/Oslo", jobs, executions));
    }

    private static async Task<Results<Accepted<JobDto>, NotFound<ProblemDetails>>> Trigger(ISchedulerFactory factory, JobCatalog catalog, string name, CancellationToken ct)
    {
        var definition = catalog.Definitions.FirstOrDefault(d => d.Key.Name == name);
        var scheduler = await factory.GetScheduler(ct);
        if (definition is null || await scheduler.GetJobDetail(definition.Key, ct) is not { } detail)
        {
            return ProblemResults.NotFound(definition is null
                ? $"No job '{name}'. Jobs: {string.Join(", ", catalog.Definitions.Select(d => d.Key.Name))}."
                : $"The job '{name}' is not in the scheduler's store yet: start a process with Jobs:Enabled=true once.");
        }
        await scheduler.TriggerJob(definition.Key, null!, ct);
        return TypedResults.Accepted("/api/jobs", new JobDto(definition.Key.Name, definition.Key.Group, detail.Description, []));
    }

    private static DateTimeOffset? Oslo(DateTimeOffset? utc) =>
        utc is { } u ? TimeZoneInfo.ConvertTime(u, Finance.Core.Common.Oslo.TimeZone) : null;
}
