using Finance.Api.Fund;
using Finance.Api.Infrastructure;
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
Finance.Api.GreenZone.GreenZoneApi.MapGreenZoneApi(app);

app.Run();

/// <summary>The service's entry point (public for the API tests' WebApplicationFactory).</summary>
public partial class Program;
