using Finance.Data;
using Finance.Jobs.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;

namespace Finance.Jobs;

/// <summary>
/// The jobs as a process of their own: <c>dotnet run --project src/Finance.Jobs</c> with the same
/// <c>ConnectionStrings:Finance</c> (and so the same Hangfire file beside it) as the API, and <c>Jobs:Enabled=false</c>
/// in the API. It migrates the database (and seeds a new one like the API does), then runs the Hangfire server with the
/// same jobs against the same files.
/// </summary>
public static class Worker
{
    public static void Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        var db = Db.FromConfigured(builder.Configuration.GetConnectionString("Finance"), builder.Configuration["Audit:Key"], builder.Configuration["Audit:KeyFile"]);
        builder.Services.AddOptions<FinanceOptions>().Bind(builder.Configuration.GetSection(FinanceOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(db);
        builder.Services.AddSingleton<IClock>(SystemClock.Instance);
        builder.Services.AddFinanceJobs(builder.Configuration, db.ConnectionString);
        var host = builder.Build();
        if (db.Migrate() && host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<FinanceOptions>>().Value.SeedsDemoData(builder.Environment.IsDevelopment()))
        {
            DemoData.Load(db, SystemClock.Instance);
        }
        host.Run();
    }
}
