using Finance.Data;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Finance.Api.Infrastructure;

public static class Store
{
    /// <summary>
    /// The store (SQLite or PostgreSQL, by the connection string) from <c>ConnectionStrings:Finance</c> (default <see cref="Db.DefaultConnectionString"/>), and the
    /// section <c>Finance</c> bound once and validated at start (<see cref="FinanceOptions"/>).
    /// </summary>
    public static IServiceCollection AddFinanceStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FinanceOptions>().Bind(configuration.GetSection(FinanceOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => CreateDb(configuration, sp.GetRequiredService<IOptions<FinanceOptions>>().Value));
        services.AddSingleton<RegisterCache>();
        return services;
    }

    /// <summary>
    /// The store as configured: <c>ConnectionStrings:Finance</c>, the audit key (<c>Audit:Key</c>, or the file
    /// <c>Audit:KeyFile</c>, default beside the database) and how long a write waits for another
    /// (<c>Finance:WriteWaitSeconds</c>, default 15).
    /// </summary>
    public static Db CreateDb(IConfiguration configuration, FinanceOptions options) => Db.FromConfigured(
        configuration.GetConnectionString("Finance"),
        configuration["Audit:Key"],
        configuration["Audit:KeyFile"],
        TimeSpan.FromSeconds(options.WriteWaitSeconds));

    /// <summary>The section <c>Finance</c> outside the web host (the <c>keys</c> command), with the same checks as at start.</summary>
    public static FinanceOptions FinanceOptionsOf(IConfiguration configuration)
    {
        var options = configuration.GetSection(FinanceOptions.Section).Get<FinanceOptions>() ?? new FinanceOptions();
        var problems = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        if (!System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), problems, validateAllProperties: true))
        {
            throw new OptionsValidationException(FinanceOptions.Section, typeof(FinanceOptions), problems.Select(p => p.ErrorMessage ?? ""));
        }
        return options;
    }

    /// <summary>
    /// Applies the migrations; a new, empty database is filled with the Bærum 2025 reference data when
    /// <c>Finance:SeedDemoData</c> is true — by default only in the Development environment, so a production start
    /// never loads the demo municipality's figures.
    /// </summary>
    public static void InitializeFinanceStore(this WebApplication app) =>
        Initialize(app.Services.GetRequiredService<Db>(), app.Services.GetRequiredService<IOptions<FinanceOptions>>().Value, app.Environment,
            app.Services.GetRequiredService<IClock>(), app.Logger);

    /// <summary>The same start-up step outside the web host (the <c>keys</c> command), so a database it creates is seeded alike.</summary>
    public static void Initialize(Db db, FinanceOptions options, IHostEnvironment environment, IClock clock, ILogger logger)
    {
        var seed = options.SeedsDemoData(environment.IsDevelopment());
        var created = db.Migrate();
        if (created && seed)
        {
            DemoData.Load(db, clock);
            logger.LogInformation("New database {DataSource}: loaded the Bærum 2025 reference data.", db.DataSource);
        }
    }
}
