using Finance.Api.Debt;
using Finance.Api.Fund;
using Finance.Api.Liquidity;
using Finance.Api.Infrastructure;
using Finance.Api.Policy;
using Finance.Api.Compliance;
using Finance.Api.Stress;
using Finance.Data;
using NodaTime;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSingleton<IClock>(SystemClock.Instance);
builder.Services.AddFinanceStore(builder.Configuration);
builder.Services.ConfigureHttpJsonOptions(o => Json.Configure(o.SerializerOptions));
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
builder.Services.AddApiKeyAuth(builder.Configuration);
builder.Services.AddFinanceSwagger();
builder.Services.AddHealthChecks();

var app = builder.Build();

app.InitializeFinanceStore();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseFinanceSwagger();
app.UseAuthentication();
app.UseAuthorization();

app.MapHealthChecks("/health").AllowAnonymous();
app.MapFundApi();
app.MapPolicyApi();
app.MapComplianceApi();
app.MapStressApi();
app.MapDebtApi();
app.MapLiquidityApi();

app.Run();

/// <summary>The service's entry point (public for the API tests' WebApplicationFactory).</summary>
public partial class Program;
