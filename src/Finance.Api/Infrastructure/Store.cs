using Finance.Data;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Finance.Api.Infrastructure;

public static class Store
{
    /// <summary>
    /// The SQLite store from <c>ConnectionStrings:Finance</c> (default <see cref="Db.DefaultConnectionString"/>), and the
    /// section <c>Finance</c> bound once and validated at start (<see cref="FinanceOptions"/>).
    /// </summary>
    public static IServiceCollection AddFinanceStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FinanceOptions>().Bind(configuration.GetSection(FinanceOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(Db.FromConfigured(configuration.GetConnectionString("Finance")));
        services.AddSingleton<RegisterCache>();
        return services;
    }

    /// <summary>
    /// Applies the migrations; a new, empty database is filled with the Bærum 2025 reference data unless
    /// <c>Finance:SeedDemoData=false</c>.
    /// </summary>
    public static void InitializeFinanceStore(this WebApplication app) =>
        Initialize(app.Services.GetRequiredService<Db>(), app.Services.GetRequiredService<IOptions<FinanceOptions>>().Value,
            app.Services.GetRequiredService<IClock>(), app.Logger);

    /// <summary>The same start-up step outside the web host (the <c>keys</c> command), so a database it creates is seeded alike.</summary>
    public static void Initialize(Db db, FinanceOptions options, IClock clock, ILogger logger)
    {
        var created = db.Migrate();
        if (created && options.SeedDemoData)
        {
            DemoData.Load(db, clock);
            logger.LogInformation("New database {DataSource}: loaded the Bærum 2025 reference data.", db.DataSource);
        }
    }
}
