using Microsoft.AspNetCore.Hosting;

namespace Finance.Tests.Api;

/// <summary>The service's settings are bound once and checked at start: a bad value stops the start, naming its key.</summary>
public class ConfigurationTests
{
    private sealed class WithSetting(string key, string value) : FinanceApiFactory(seed: false)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting(key, value);
        }
    }

    [Theory]
    [InlineData("Finance:MaxRequestBodyBytes", "12", "Finance:MaxRequestBodyBytes must be from 1024")]
    [InlineData("Jobs:MaxAttempts", "0", "Jobs:MaxAttempts must be from 1 to 100")]
    [InlineData("Jobs:PollSeconds", "-1", "Jobs:PollSeconds must be from 0.05")]
    [InlineData("Jobs:MonthlySnapshotCron", "every month", "Jobs:MonthlySnapshotCron must be a five-field cron expression")]
    [InlineData("Jobs:FirstSnapshotMonth", "2025-13", "Jobs:FirstSnapshotMonth must be a month yyyy-MM")]
    [InlineData("Auth:DatabaseKeyCacheSeconds", "-5", "Auth:DatabaseKeyCacheSeconds must be from 0 to 3600")]
    [InlineData("Auth:SignInHours", "0", "Auth:SignInHours must be from 0.1 to 168")]
    [InlineData("Finance:SeedDemoData", "perhaps", "Finance:SeedDemoData")]
    public void A_bad_setting_stops_the_start_with_a_message_naming_the_key(string key, string value, string expected)
    {
        using var factory = new WithSetting(key, value);
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains(expected, Messages(error));
    }

    [Fact]
    public async Task Good_settings_start_the_service()
    {
        using var factory = new WithSetting("Jobs:MaxAttempts", "2");
        var response = await factory.CreateClient().GetAsync("/health");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void The_connection_string_default_is_finance_db_in_the_working_directory()
    {
        Assert.Equal("finance.db", Finance.Data.Db.FromConfigured(null).DataSource);
        Assert.Equal("finance.db", Finance.Data.Db.FromConfigured(" ").DataSource);
        Assert.Equal("/tmp/x.db", Finance.Data.Db.FromConfigured("Data Source=/tmp/x.db").DataSource);
    }

    /// <summary>The exception's message and those of its inner exceptions.</summary>
    private static string Messages(Exception e)
    {
        var all = new List<string>();
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            all.Add(x.Message);
            if (x is AggregateException a)
            {
                all.AddRange(a.InnerExceptions.Select(Messages));
            }
        }
        return string.Join(" | ", all);
    }
}
