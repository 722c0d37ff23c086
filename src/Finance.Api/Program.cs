using Finance.Api.Debt;
using Finance.Api.Fund;
using Finance.Api.GreenZone;
using Finance.Api.Liquidity;
using Finance.Api.Infrastructure;
using Finance.Api.Jobs;
using Finance.Api.Reports;
using Finance.Api.Snapshots;
using Finance.Api.Policy;
using Finance.Api.Admin;
using Finance.Api.Audit;
using Finance.Api.Compliance;
using Finance.Api.Stress;
using Finance.Data;
using Finance.Jobs.Scheduling;
using NodaTime;

// `keys add --name NAME --role ROLE`: the first admin key of a fresh install, printed once; no web host is started.
if (KeysCommand.Matches(args))
{
    return KeysCommand.Run(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddRequestLimits();

builder.Services.AddSingleton<IClock>(SystemClock.Instance);
builder.Services.AddFinanceStore(builder.Configuration);
// Snapshots, reports and the jobs on Hangfire; its server (which fires them) runs here only when Jobs:Enabled (default true).
builder.Services.AddFinanceJobs(builder.Configuration, Db.FromConfigured(builder.Configuration.GetConnectionString("Finance")).ConnectionString);
builder.Services.ConfigureHttpJsonOptions(o => Json.Configure(o.SerializerOptions));
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddProblemDetails(o =>
{
    var previous = o.CustomizeProblemDetails;
    o.CustomizeProblemDetails = context => { previous?.Invoke(context); ProblemDefaults.Customize(context); };
});
builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
builder.Services.AddExceptionHandler<DatabaseBusyHandler>();
builder.Services.AddFinanceAuth(builder.Configuration);
// The jobs dashboard's actions (POST under /hangfire) carry an antiforgery token.
builder.Services.AddAntiforgery();
builder.Services.AddFinanceSwagger();
builder.Services.AddHealthChecks();

var app = builder.Build();

app.InitializeFinanceStore();
Finance.Api.Debt.DebtApi.WarmUp(app.Services.GetRequiredService<Finance.Data.Db>(), app.Services.GetRequiredService<NodaTime.IClock>());
app.UseExceptionHandler();
app.UseProblemContentType();
app.UseProblemStatusCodePages();
app.UseSecurityHeaders();
app.UseFinanceSwagger();
app.UseAuthentication();
// The dashboard decides itself (signed-in treasurers and auditors), before the API's fallback policy would answer 401.
app.UseJobsDashboard();
// An unknown path is a 404 problem for every Accept, with or without a key (a middleware serving paths of its own, like
// Swagger UI and the dashboard, goes before this line).
app.UseNotFoundProblems();
app.UseAuthorization();
// Dates in paths and query strings are exactly yyyy-MM-dd and in range, checked before they are bound.
app.UseMiddleware<StrictDatesMiddleware>();
// Every write is logged with the caller's key name (the audit triggers read it for the request's connections).
app.Use(async (context, next) =>
{
    using (Finance.Data.Audit.AuditContext.As(context.User.Identity?.Name ?? "anonymous"))
    {
        await next(context);
    }
});

app.MapHealthChecks("/health").AllowAnonymous();
app.MapSignIn();
// Every list endpoint also answers Accept: text/csv with the same rows (Infrastructure/CsvLists.cs).
// Lists in request bodies hold no null item (Infrastructure/NullItems.cs).
// Lists come in pages of `limit` items with a Link rel="next" header (Infrastructure/Pages.cs).
var api = app.MapGroup("").WithCsvLists().WithPages().AddEndpointFilter<NullItemsFilter>();
api.MapFundApi();
api.MapEsgApi();
api.MapPolicyApi();
api.MapComplianceApi();
api.MapStressApi();
api.MapDebtApi();
api.MapLiquidityApi();
api.MapSnapshotsApi();
api.MapReportsApi();
api.MapJobsApi();
api.MapAuditApi();
api.MapBackupApi();
api.MapKeysApi();
api.MapGreenZoneApi();

app.Run();
return 0;

/// <summary>The service's entry point (public for the API tests' WebApplicationFactory).</summary>
public partial class Program;
