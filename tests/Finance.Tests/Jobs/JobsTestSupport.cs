using System.Data.Common;
using Finance.Core.Common;
using Finance.Reports.Snapshots;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
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
/// The service with the Hangfire server running (Jobs:Enabled=true) on its own Hangfire file beside the database, a
/// fake clock for the business date, short polling and retries, and optionally a database file shared with another
/// host (to restart "the same" service) and a replaced stress provider. Disposing the host stops the Hangfire server
/// (it waits for a running job, then stops within the short shutdown timeout).
/// </summary>
public sealed class SchedulerHost(IClock clock, string? databasePath = null, StressProvider? stress = null,
    IDictionary<string, string>? settings = null, bool jobsEnabled = true) : FinanceApiFactory(seed: true)
{
    public string SharedDatabasePath => databasePath ?? DatabasePath;

    public string HangfireFile => Path.Combine(Path.GetDirectoryName(SharedDatabasePath)!, "finance.hangfire.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ConnectionStrings:Finance", $"Data Source={SharedDatabasePath}");
        builder.UseSetting("Jobs:Enabled", jobsEnabled ? "true" : "false");
        builder.UseSetting("Jobs:PollSeconds", "0.2");
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

    public DbConnection OpenDb()
    {
        var c = new SqliteConnection($"Data Source={SharedDatabasePath}");
        c.Open();
        return c;
    }

    /// <summary>A browser: keeps cookies, does not follow redirects.</summary>
    public HttpClient Browser() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A browser signed in with <paramref name="key"/> at POST /signin.</summary>
    public async Task<HttpClient> SignedIn(string key)
    {
        var browser = Browser();
        var response = await browser.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = key }));
        Assert.Equal(System.Net.HttpStatusCode.SeeOther, response.StatusCode);
        return browser;
    }
}

public static class Wait
{
    /// <summary>Polls until <paramref name="done"/> holds (at most <paramref name="seconds"/>); fails with <paramref name="what"/> otherwise.</summary>
    public static async Task Until(Func<bool> done, string what, int seconds = 20)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < until, "Timed out waiting for " + what);
            await Task.Delay(100);
        }
    }

    /// <summary>A database file outside any host's own folder (a host deletes its folder when disposed).</summary>
    public static string SharedFile() => Path.Combine(Directory.CreateTempSubdirectory("finance-restart-").FullName, "finance.db");
}
