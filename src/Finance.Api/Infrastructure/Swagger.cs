using Microsoft.OpenApi;
using NodaTime;

namespace Finance.Api.Infrastructure;

/// <summary>The OpenAPI document and Swagger UI: the treasury's front door. Both are served without a key.</summary>
public static class Swagger
{
    public const string SecurityScheme = "ApiKey";

    public static IServiceCollection AddFinanceSwagger(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(c =>
        {
            c.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "Finansforvaltning",
                Version = "v1",
                Description = """
                    The treasury system of the municipality: the managed fund (forvaltningsfondet), the debt portfolio
                    (gjeldsporteføljen), short-term liquidity, the two-part stress test and the financial regulations
                    (finansreglement). Amounts are NOK at full precision in fields ending `Nok`; percentages are percent
                    numbers (7.134 means 7.134 %) in fields ending `Pct`; durations in years in fields ending `Years`.
                    Dates are `yyyy-MM-dd`, months `yyyy-MM`. Authorize with an API key (header `X-Api-Key`):
                    treasurers read and write, auditors read everything, viewers read positions and reports.
                    In a browser, sign in at [/signin](/signin) with a key: the cookie it sets opens the reports (e.g.
                    [the annual report](/api/reports/annual/2025?format=html)) and the jobs dashboard (`/hangfire`) and
                    is never accepted for a write, which needs the `X-Api-Key` header or a bearer token.
                    Errors are problems (RFC 9457, `application/problem+json`); a 400 names each bad field under `errors`.
                    Lists of loans and daily balances also come as CSV (`Accept: text/csv`).
                    """,
                Contact = new OpenApiContact { Name = "Finansforvaltning (the municipality's treasury, økonomiavdelingen)" },
                License = new OpenApiLicense { Name = "Proprietary: for the municipality's own use" },
            });
            c.MapType<LocalDate>(() => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date", Examples = [System.Text.Json.Nodes.JsonValue.Create("2025-12-31")] });
            c.MapType<YearMonth>(() => new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[0-9]{4}-[0-9]{2}$", Examples = [System.Text.Json.Nodes.JsonValue.Create("2025-12")] });
            c.MapType<Instant>(() => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" });
            c.AddSecurityDefinition(SecurityScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyHandler.Header,
                Description = "API key. Development keys are listed in README.md.",
            });
            c.AddSecurityRequirement(doc => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(SecurityScheme, doc)] = [],
            });
            c.OperationFilter<OperationDefaults>();
            c.DocumentFilter<DocumentDefaults>();
            c.SchemaFilter<SchemaExamples>();
            c.SchemaFilter<RequiredFromConstructor>();
            c.EnableAnnotations();
            c.SupportNonNullableReferenceTypes();
            c.UseAllOfToExtendReferenceSchemas();
        });
        return services;
    }

    public static WebApplication UseFinanceSwagger(this WebApplication app)
    {
        // The server is the configured public address (Finance:PublicBaseUrl), else the path relative to wherever the
        // document was fetched from — never the request's Host header, which a caller chooses.
        var publicBaseUrl = app.Configuration["Finance:PublicBaseUrl"]?.TrimEnd('/');
        app.UseSwagger(o => o.PreSerializeFilters.Add((document, request) =>
            document.Servers = [new OpenApiServer
            {
                Url = publicBaseUrl is { Length: > 0 } ? publicBaseUrl : request.PathBase.HasValue ? request.PathBase.Value! : "/",
                Description = "This instance",
            }]));
        app.UseSwaggerUI(ui =>
        {
            ui.DocumentTitle = "Finansforvaltning";
            ui.SwaggerEndpoint("/swagger/v1/swagger.json", "Finansforvaltning v1");
            ui.EnablePersistAuthorization();
            ui.EnableTryItOutByDefault();
            ui.EnableFilter();
            ui.DisplayRequestDuration();
        });
        return app;
    }
}
