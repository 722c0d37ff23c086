using Finance.Jobs.Reports;
using Finance.Jobs.Snapshots;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Finance.Jobs.Scheduling;

public static class JobsRegistration
{
    /// <summary>
    /// The snapshot and report services, and Quartz over the service's own SQLite file (persistent ADO store, tables
    /// provisioned on first start). Quartz refuses clustering on SQLite, so exactly one process per database runs the
    /// scheduler: the API host (default) or the worker with <c>Jobs:Enabled=false</c> in the API.
    /// Quartz is always configured, so the API can show and trigger jobs; it is <em>started</em> only when
    /// <c>Jobs:Enabled</c> is true (the default). The stress provider is registered only if none is: a host registers
    /// its own before calling this to replace it.
    /// </summary>
    public static IServiceCollection AddFinanceJobs(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        services.Configure<JobsOptions>(configuration.GetSection("Jobs"));
        services.TryAddSingleton<StressProvider>(RegisterStressProvider.FromRegisters);
        services.AddSingleton<MonthlySnapshot>();
        services.AddSingleton<FinanceReports>();
        services.AddSingleton<ReportDrafts>();
        services.AddSingleton<JobCatalog>();
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = configuration["Jobs:SchedulerName"] is { Length: > 0 } name ? name : "finance";
                o.GenerateInstanceId = true;
            });
            q.UsePersistentStore(s =>
            {
                s.UseSqlite(SqliteFactory.Instance, connectionString);
                s.UseSystemTextJsonSerializer();
                s.ProvisionSchema();
                s.ConfigureStore(o => o.MisfireThreshold = TimeSpan.FromMinutes(1));
            });
            q.AddJobListener<ExecutionHistoryListener>([GroupMatcher<JobKey>.AnyGroup()]);
        });
        if (configuration.GetValue("Jobs:Enabled", true))
        {
            services.AddHostedService<ScheduleDefinitions>();
            services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        }
        return services;
    }

    /// <summary>Writes the job definitions into the store before the scheduler starts (registered ahead of Quartz's hosted service).</summary>
    private sealed class ScheduleDefinitions(ISchedulerFactory factory, JobCatalog catalog, ILogger<ScheduleDefinitions> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken) =>
            await catalog.EnsureScheduled(await factory.GetScheduler(cancellationToken), logger, cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
