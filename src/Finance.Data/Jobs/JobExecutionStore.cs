using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Finance.Data.Jobs;

/// <summary>One execution of a scheduled job. Outcome: <c>succeeded</c>, <c>failed</c> (no retry left) or <c>retryScheduled</c>.</summary>
public sealed record JobExecutionRow
{
    public long Id { get; init; }
    public required string FireId { get; init; }
    public required string Job { get; init; }
    public required string TriggerName { get; init; }
    public Instant? ScheduledAt { get; init; }
    public required Instant FiredAt { get; init; }
    public required Instant FinishedAt { get; init; }
    public required long DurationMs { get; init; }
    public required string Outcome { get; init; }
    public required long Attempt { get; init; }
    public string? Result { get; init; }
    public string? Error { get; init; }
    public required string Instance { get; init; }
}

/// <summary>The scheduler's execution history: SQL only.</summary>
public static class JobExecutionStore
{
    public static void Insert(DbConnection c, JobExecutionRow row) => c.Execute("""
        INSERT INTO job_executions (fire_id, job, trigger_name, scheduled_at, fired_at, finished_at, duration_ms, outcome, attempt, result, error, instance)
        VALUES (@FireId, @Job, @TriggerName, @ScheduledAt, @FiredAt, @FinishedAt, @DurationMs, @Outcome, @Attempt, @Result, @Error, @Instance)
        """, row);

    public static IReadOnlyList<JobExecutionRow> Recent(DbConnection c, int limit, string? job = null) =>
        c.Query<JobExecutionRow>("""
            SELECT id AS Id, fire_id AS FireId, job AS Job, trigger_name AS TriggerName, scheduled_at AS ScheduledAt,
                   fired_at AS FiredAt, finished_at AS FinishedAt, duration_ms AS DurationMs, outcome AS Outcome,
                   attempt AS Attempt, result AS Result, error AS Error, instance AS Instance
            FROM job_executions WHERE @job IS NULL OR job = @job
            ORDER BY id DESC LIMIT @limit
            """, new { limit, job }).ToList();
}
