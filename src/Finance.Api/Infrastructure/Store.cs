using Finance.Data;
using NodaTime;

namespace Finance.Api.Infrastructure;

public static class Store
{
    /// <summary>
    /// The SQLite store from <c>ConnectionStrings:Finance</c> (default: <c>finance.db</c> in the working directory).
    /// </summary>
    public static IServiceCollection AddFinanceStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(CreateDb(configuration));
        services.AddSingleton<RegisterCache>();
        return services;
    }

    /// <summary>
    /// The store as configured: <c>ConnectionStrings:Finance</c>, the audit key (<c>Audit:Key</c>, or the file
    /// <c>Audit:KeyFile</c>, default beside the database) and how long a write waits for another
    /// (<c>Finance:WriteWaitSeconds</c>, default 15).
    /// </summary>
    public static Db CreateDb(IConfiguration configuration) => new(
        configuration.GetConnectionString("Finance") ?? "Data Source=finance.db",
        configuration["Audit:Key"],
        configuration["Audit:KeyFile"],
        TimeSpan.FromSeconds(Math.Clamp(configuration.GetValue("Finance:WriteWaitSeconds", Db.DefaultWriteWait.TotalSeconds), 0.1, 600)));

    /// <summary>
    /// Applies the migrations; a new, empty database is filled with the Bærum 2025 reference data when
    /// <c>Finance:SeedDemoData</c> is true — by default only in the Development environment, so a production start
    /// never loads the demo municipality's figures.
    /// </summary>
    public static void InitializeFinanceStore(this WebApplication app) =>
        Initialize(app.Services.GetRequiredService<Db>(), app.Configuration, app.Environment, app.Services.GetRequiredService<IClock>(), app.Logger);

    /// <summary>The same start-up step outside the web host (the <c>keys</c> command), so a database it creates is seeded alike.</summary>
    public static void Initialize(Db db, IConfiguration configuration, IHostEnvironment environment, IClock clock, ILogger logger)
    {
        var seed = configuration.GetValue("Finance:SeedDemoData", environment.IsDevelopment());
        var created = db.Migrate();
        if (created && seed)
        {
            DemoData.Load(db, clock);
            logger.LogInformation("New database {DataSource}: loaded the Bærum 2025 reference data.", db.DataSource);
        }
    }
}
