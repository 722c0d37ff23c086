using Finance.Core.Common;
using Finance.Jobs.Snapshots;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Finance.Tests.Jobs;

/// <summary>A clock the test sets (NodaTime.Testing is not available here).</summary>
public sealed class FakeClock(Instant now) : IClock
{
    public Instant Now { get; set; } = now;

    public Instant GetCurrentInstant() => Now;

    /// <summary>A wall-clock time in Europe/Oslo.</summary>
    public static FakeClock AtOslo(int year, int month, int day, int hour = 3) =>
        new(new LocalDateTime(year, month, day, hour, 0).InZoneStrictly(Oslo.Zone).ToInstant());
}

/// <summary>
/// The service with the scheduler running (Jobs:Enabled=true), a fake clock for the business date, short retries, and
/// optionally a database file shared with another host (to restart "the same" service) and a replaced stress provider.
/// Each host gets its own scheduler name unless one is given, since Quartz keeps schedulers per name per process.
/// </summary>
public sealed class SchedulerHost(IClock clock, string? databasePath = null, string? schedulerName = null, StressProvider? stress = null,
    IDictionary<string, string>? settings = null) : FinanceApiFactory(seed: true)
{
    public string SharedDatabasePath => databasePath ?? DatabasePath;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ConnectionStrings:Finance", $"Data Source={SharedDatabasePath}");
        builder.UseSetting("Jobs:Enabled", "true");
        builder.UseSetting("Jobs:SchedulerName", schedulerName ?? "test-" + Guid.NewGuid().ToString("N"));
        builder.UseSetting("Jobs:RetryDelaySeconds", "1");
        builder.UseSetting("Jobs:MaxAttempts", "3");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(clock);
            if (stress is not null)
            {
                services.AddSingleton(stress);
            }
        });
    }

    public SqliteConnection OpenDb()
    {
        var c = new SqliteConnection($"Data Source={SharedDatabasePath}");
        c.Open();
        return c;
    }
}

public static class Wait
{
    /// <summary>Polls until <paramref name="done"/> holds (at most <paramref name="seconds"/>); fails with <paramref name="what"/> otherwise.</summary>
    public static async Task Until(Func<bool> done, string what, int seconds = 8)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < until, "Timed out waiting for " + what);
            await Task.Delay(100);
        }
    }
}
