using Finance.Data;
using Finance.Reports;
using Finance.Reports.Snapshots;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Finance.Jobs.Scheduling;

public static class JobsRegistration
{
    /// <summary>
    /// The snapshot and report services, and Hangfire's storage: on SQLite its own file beside the finance database
    /// (<see cref="JobsOptions.StorageFile"/>); on PostgreSQL the finance database itself, in Hangfire's own schema
    /// (<see cref="PostgresSchema"/>), so every API instance and worker on that database shares one schedule and one queue
    /// (<see cref="PostgresStorage"/>). Hangfire's storage, job activator and filters are this host's own
    /// services, not Hangfire's process-wide defaults, so two hosts in one process (tests) do not share them.
    /// The recurring jobs are written at every start; the server that fires them runs only when <c>Jobs:Enabled</c> is true
    /// (the default): in the API host, or in the worker (<see cref="Worker"/>) with the API's server off.
    /// The stress provider is registered only if none is: a host registers its own before calling this to replace it.
    /// </summary>
    public static IServiceCollection AddFinanceJobs(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        var section = configuration.GetSection("Jobs");
        services.AddOptions<JobsOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        // Whether this host runs the Hangfire server decides what is registered, so it is read here; the rest from the options.
        var enabled = section.GetValue(nameof(JobsOptions.Enabled), true);
        services.TryAddSingleton<StressProvider>(RegisterStressProvider.FromRegisters);
        services.AddSingleton<MonthlySnapshot>();
        services.AddSingleton<FinanceReports>();
        services.AddSingleton<ReportDrafts>();
        services.AddSingleton<JobCatalog>();
        services.AddTransient<FinanceJobs>();
        services.AddSingleton<ExecutionHistory>();

        services.AddSingleton<JobStorage>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<JobsOptions>>().Value;
            if (Db.EngineOf(connectionString) == Engine.PostgreSql)
            {
                return PostgresStorage(connectionString, options);
            }
            var storageFile = options.StorageFile(Db.FileOf(connectionString));
            Directory.CreateDirectory(Path.GetDirectoryName(storageFile)!);
            return new SQLiteStorage(storageFile, new SQLiteStorageOptions { QueuePollInterval = options.PollInterval });
        });
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<Microsoft.Extensions.DependencyInjection.IServiceScopeFactory>()));
        services.AddSingleton<IJobFilterProvider>(sp => Filters(sp.GetRequiredService<IOptions<JobsOptions>>().Value, sp.GetRequiredService<ExecutionHistory>()));
        services.AddHangfire((sp, c) => c
            .UseLogProvider(new HostLogProvider(sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        services.AddHostedService<ScheduleDefinitions>();
        if (enabled)
        {
            services.AddHangfireServer((sp, o) =>
            {
                var jobs = sp.GetRequiredService<IOptions<JobsOptions>>().Value;
                o.WorkerCount = jobs.WorkerCount;
                o.SchedulePollingInterval = jobs.PollInterval;
                o.ServerCheckInterval = TimeSpan.FromMinutes(1);
                o.ShutdownTimeout = TimeSpan.FromSeconds(10);
                o.StopTimeout = TimeSpan.FromSeconds(5);
            });
        }
        return services;
    }

    /// <summary>Hangfire's schema in the finance database on PostgreSQL (its tables, never the finance tables).</summary>
    public const string PostgresSchema = "hangfire";

    /// <summary>
    /// How long a Hangfire lock (a row in <c>hangfire.lock</c>) outlives a process killed while holding it. Hangfire holds
    /// its locks for short steps (moving due recurring jobs to the queue, expiring records), so a minute is ample, and a
    /// dead instance delays the others' schedule by at most that. Were a lock ever taken over while still held, the jobs
    /// are idempotent in the finance database's own write transactions (a month's snapshot is written once).
    /// </summary>
    public static readonly TimeSpan PostgresLockTimeout = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Hangfire.PostgreSql on the finance database: its tables in the schema <see cref="PostgresSchema"/>, created or
    /// upgraded at the first start by Hangfire's own install scripts (<c>PrepareSchemaIfNecessary</c>). Instances that start
    /// at the same moment on a new database install one after the other: the install runs while holding a session-level
    /// advisory lock of its own. Queued jobs are fetched with <c>FOR UPDATE SKIP LOCKED</c>, so a job runs on one server.
    /// </summary>
    private static PostgreSqlStorage PostgresStorage(string connectionString, JobsOptions jobs)
    {
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = PostgresSchema,
            PrepareSchemaIfNecessary = true,
            QueuePollInterval = jobs.PollInterval,
            DistributedLockTimeout = PostgresLockTimeout,
        };
        // Hangfire's connections never join an ambient TransactionScope (it refuses Enlist=true otherwise).
        var hangfireConnection = new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Enlist = false }.ConnectionString;
        // Unpooled, so closing it really ends the session and with it the lock, also when the install throws.
        using var installLock = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(hangfireConnection) { Pooling = false }.ConnectionString);
        installLock.Open();
        // The store's connection string limits lock waits (its lock_timeout, 15 s by default); another process's install may take longer.
        using (var take = new Npgsql.NpgsqlCommand("SET lock_timeout = '120s'; SELECT pg_advisory_lock(@key)", installLock))
        {
            take.Parameters.AddWithValue("key", HangfireInstallLockKey);
            take.ExecuteNonQuery();
        }
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(hangfireConnection, options), options);
    }

    /// <summary>The advisory lock key held while Hangfire installs its schema (any constant apart from the store's write lock).</summary>
    private const long HangfireInstallLockKey = 0x46_49_4E_48_46_49_4E_53; // "FINHFINS"

    /// <summary>
    /// This host's job filters: Hangfire's defaults, but automatic retries bounded by <see cref="JobsOptions.MaxAttempts"/>
    /// (the first attempt included) after <see cref="JobsOptions.RetryDelaySeconds"/>, then the job is failed (visible in
    /// the dashboard, where a treasurer can retry it); and the execution history in the finance database.
    /// </summary>
    private static JobFilterProviderCollection Filters(JobsOptions options, ExecutionHistory history)
    {
        var filters = new JobFilterCollection();
        filters.Add(new CaptureCultureAttribute());
        filters.Add(new AutomaticRetryAttribute
        {
            Attempts = options.MaxAttempts - 1,
            DelaysInSeconds = [options.RetryDelaySeconds],
            OnAttemptsExceeded = AttemptsExceededAction.Fail,
        });
        filters.Add(new StatisticsHistoryAttribute());
        filters.Add(new ContinuationsSupportAttribute());
        filters.Add(history);
        return new JobFilterProviderCollection(filters, new JobFilterAttributeFilterProvider());
    }

    /// <summary>Writes the recurring jobs into Hangfire's storage at start (idempotent), before the server starts.</summary>
    private sealed class ScheduleDefinitions(IRecurringJobManager manager, JobCatalog catalog) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            catalog.Schedule(manager);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>
    /// Hangfire logs through one process-wide provider, set by the host configured last. This one logs to that host's
    /// logging and falls silent once the host is gone, so another host in the same process (tests) keeps working.
    /// </summary>
    private sealed class HostLogProvider(Microsoft.Extensions.Logging.ILoggerFactory factory) : Hangfire.Logging.ILogProvider
    {
        private readonly AspNetCoreLogProvider _inner = new(factory);

        public Hangfire.Logging.ILog GetLogger(string name)
        {
            try
            {
                return new Guarded(_inner.GetLogger(name));
            }
            catch (ObjectDisposedException)
            {
                return new Guarded(null);
            }
        }

        private sealed class Guarded(Hangfire.Logging.ILog? inner) : Hangfire.Logging.ILog
        {
            public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
            {
                try
                {
                    return inner?.Log(logLevel, messageFunc!, exception) ?? false;
                }
                catch (ObjectDisposedException)
                {
                    return false;
                }
            }
        }
    }
}
