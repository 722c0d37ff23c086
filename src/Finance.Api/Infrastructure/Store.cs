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
        var connectionString = configuration.GetConnectionString("Finance") ?? "Data Source=finance.db";
        services.AddSingleton(new Db(connectionString));
        services.AddSingleton<RegisterCache>();
        return services;
    }

    /// <summary>
    /// Applies the migrations; a new, empty database is filled with the Bærum 2025 reference data unless
    /// <c>Finance:SeedDemoData=false</c>.
    /// </summary>
    public static void InitializeFinanceStore(this WebApplication app) =>
        Initialize(app.Services.GetRequiredService<Db>(), app.Configuration, app.Services.GetRequiredService<IClock>(), app.Logger);

    /// <summary>The same start-up step outside the web host (the <c>keys</c> command), so a database it creates is seeded alike.</summary>
    public static void Initialize(Db db, IConfiguration configuration, IClock clock, ILogger logger)
    {
        var seed = configuration.GetValue("Finance:SeedDemoData", true);
        var created = db.Migrate();
        if (created && seed)
        {
            DemoData.Load(db, clock);
            logger.LogInformation("New database {DataSource}: loaded the Bærum 2025 reference data.", db.DataSource);
        }
    }
}
