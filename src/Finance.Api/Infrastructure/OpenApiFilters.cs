using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Finance.Api.Infrastructure;

/// <summary>
/// Completes every operation of the document: an operationId (for generated clients), descriptions and typed examples
/// of the common parameters with their units, and the problem responses each operation can give (400, 401, 403 added;
/// 404, 409, 422, 501 declared by the endpoints) as <c>application/problem+json</c> with an example. Generic, so new
/// endpoints get the same without a patch of their own.
/// </summary>
public sealed class OperationDefaults : IOperationFilter
{
    private static readonly Dictionary<string, (string Description, string? Example)> Parameters = new(StringComparer.Ordinal)
    {
        ["asOf"] = ("The as-of date (yyyy-MM-dd): figures at the latest data on or before it.", "2025-12-31"),
        ["year"] = ("The calendar year (yyyy).", "2025"),
        ["from"] = ("First date of the period (yyyy-MM-dd), inclusive.", "2025-01-01"),
        ["to"] = ("Last date of the period (yyyy-MM-dd), inclusive.", "2025-12-31"),
        ["id"] = ("The id of the stored item.", "1"),
        ["placementId"] = ("The placement's id (plassering).", "klp-aksjeglobal-indeks"),
        ["accountId"] = ("Only the balances of this bank account (kontoens id).", null),
        ["month"] = ("The month (yyyy-MM); a snapshot is taken at its last day.", "2025-12"),
        ["version"] = ("A snapshot version (from 1); the latest when omitted.", null),
        ["snapshotVersion"] = ("The version of the period's frozen snapshot to report from (from 1); the latest when omitted.", null),
        ["tertial"] = ("The tertial: 1 (per 30.04), 2 (per 31.08) or 3 (per 31.12).", "3"),
        ["limit"] = ("How many items per page (1–10 000, default 1 000); a `Link` header with `rel=\"next\"` follows when more remain.", "1000"),
        ["cursor"] = ("Where the page starts: take it from the previous page's `Link: <…>; rel=\"next\"` header (opaque).", null),
        ["name"] = ("The job's name: `monthly-snapshot` or `report-drafts`.", "monthly-snapshot"),
        ["format"] = ("`csv` for CSV (as `Accept: text/csv`), `xlsx` for a one-sheet workbook where offered; JSON otherwise.", null),
    };

    private static readonly Dictionary<string, string> ReportParameters = new(StringComparer.Ordinal)
    {
        ["format"] = "`html` (default), `json`, `xlsx` or `pdf`.",
    };

    private static readonly Dictionary<string, string> StatusDescriptions = new(StringComparer.Ordinal)
    {
        ["404"] = "Not found: a problem (RFC 9457) whose `detail` names what is missing.",
        ["409"] = "Conflict with stored data: a problem (RFC 9457) whose `detail` says which.",
        ["422"] = "A treasury rule or missing data prevents it: a problem (RFC 9457) whose `title` states the rule.",
        ["501"] = "Not available on this server: a problem (RFC 9457) that says what to install or use instead.",
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var api = context.ApiDescription;
        var path = "/" + (api.RelativePath ?? "");
        operation.OperationId ??= OperationId(api.HttpMethod ?? "GET", api.RelativePath ?? "");
        foreach (var p in operation.Parameters ?? [])
        {
            if (p is not OpenApiParameter parameter || parameter.Name is not { } name)
            {
                continue;
            }
            if (path.StartsWith("/api/reports/", StringComparison.Ordinal) && ReportParameters.TryGetValue(name, out var reportDoc))
            {
                parameter.Description ??= reportDoc;
            }
            if (name == "limit" && path.StartsWith("/api/jobs", StringComparison.Ordinal))
            {
                parameter.Description ??= "How many recent executions to list (1–500, default 50).";
            }
            if (Parameters.TryGetValue(name, out var doc))
            {
                parameter.Description ??= doc.Description;
                if (doc.Example is { } example)
                {
                    parameter.Example ??= Typed(example, parameter.Schema);
                }
            }
        }

        var metadata = api.ActionDescriptor.EndpointMetadata;
        if (Pages.Applies(metadata) && !metadata.OfType<Pages.Own>().Any())
        {
            // The generic pages (Pages.WithPages): limit and cursor, read by the filter rather than the handler.
            operation.Parameters ??= [];
            foreach (var (name, schema) in new[] { ("limit", JsonSchemaType.Integer), ("cursor", JsonSchemaType.String) })
            {
                if (!operation.Parameters.Any(p => p.Name == name))
                {
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = name, In = ParameterLocation.Query, Required = false, Schema = new OpenApiSchema { Type = schema },
                        Description = Parameters[name].Description,
                    });
                }
            }
        }
        operation.Responses ??= [];
        if (!metadata.OfType<IAllowAnonymous>().Any())
        {
            Add(operation, context, "401", "No API key, or an unknown one (X-Api-Key).");
            var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).ToList();
            if (policies.Contains(Policies.Write) || policies.Contains(Policies.Audit))
            {
                Add(operation, context, "403", policies.Contains(Policies.Write) ? "The key's role may not write: only treasurers change data." : "Only auditors and treasurers may read this.");
            }
        }
        if (api.ParameterDescriptions.Count > 0 || Pages.Applies(metadata))
        {
            Add(operation, context, "400", "Invalid input: a problem (RFC 9457) whose `errors` name each field.");
        }
        if (CsvLists.Applies(metadata) && operation.Responses.TryGetValue("200", out var listed) && listed is OpenApiResponse list)
        {
            // The generic CSV of list endpoints (CsvLists): same rows, header of the JSON field names.
            (list.Content ??= new Dictionary<string, IOpenApiMediaType>()).TryAdd(CsvImport.ContentType, new OpenApiMediaType());
            list.Description = "The list as JSON, or with `Accept: text/csv` (or `?format=csv`) as CSV: a header row of the JSON field names, nested objects as `a.b` columns, arrays as JSON text in one cell.";
        }
        foreach (var (status, response) in operation.Responses)
        {
            if (status.Length == 3 && status[0] is '4' or '5' && response is OpenApiResponse r)
            {
                AsProblem(status, r, context);
            }
            else
            {
                foreach (var (type, media) in response.Content ?? new Dictionary<string, IOpenApiMediaType>())
                {
                    if (!type.Contains("json", StringComparison.Ordinal) && media is OpenApiMediaType m)
                    {
                        m.Schema = NotJson(type);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The body of a non-JSON representation (CSV, HTML, XLSX, PDF): text or a file, not the JSON shape the endpoint
    /// declared once for all its content types.
    /// </summary>
    private static OpenApiSchema NotJson(string contentType) => contentType.StartsWith("text/", StringComparison.Ordinal)
        ? new OpenApiSchema { Type = JsonSchemaType.String, Description = contentType == "text/csv" ? "CSV: a header row of the JSON field names, comma-separated, UTF-8." : null }
        : new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };

    /// <summary>
    /// An error response as the service writes it: <c>application/problem+json</c> (see <see cref="ProblemContentType"/>),
    /// the problem schema, a description that says what the problem tells, and an example.
    /// </summary>
    private static void AsProblem(string status, OpenApiResponse response, OperationFilterContext context)
    {
        if (StatusDescriptions.TryGetValue(status, out var description) && response.Description == ReasonPhrase(status))
        {
            response.Description = description;
        }
        var content = response.Content ??= new Dictionary<string, IOpenApiMediaType>();
        IOpenApiSchema? schema = null;
        foreach (var type in content.Keys.Where(k => k.StartsWith("application/json", StringComparison.Ordinal) || k == "text/plain").ToList())
        {
            schema ??= content[type].Schema;
            content.Remove(type);
        }
        if (!content.ContainsKey("application/problem+json"))
        {
            schema ??= context.SchemaGenerator.GenerateSchema(
                status == "400" ? typeof(Microsoft.AspNetCore.Http.HttpValidationProblemDetails) : typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), context.SchemaRepository);
            content["application/problem+json"] = new OpenApiMediaType { Schema = schema };
        }
        if (content["application/problem+json"] is OpenApiMediaType media && media.Example is null && ProblemExamples.For(status) is { } example)
        {
            media.Example = example;
        }
    }

    private static string ReasonPhrase(string status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(int.Parse(status, CultureInfo.InvariantCulture));

    private static void Add(OpenApiOperation operation, OperationFilterContext context, string status, string description)
    {
        if (operation.Responses!.ContainsKey(status))
        {
            return;
        }
        operation.Responses[status] = new OpenApiResponse { Description = description };
    }

    /// <summary>The example as the parameter's schema types it: a number for an integer parameter, else a string.</summary>
    private static JsonNode Typed(string example, IOpenApiSchema? schema) =>
        schema?.Type is { } t && (t.HasFlag(JsonSchemaType.Integer) || t.HasFlag(JsonSchemaType.Number))
            && decimal.TryParse(example, NumberStyles.Number, CultureInfo.InvariantCulture, out var number)
            ? (t.HasFlag(JsonSchemaType.Integer) ? JsonValue.Create((long)number) : JsonValue.Create(number))
            : JsonValue.Create(example);

    /// <summary><c>GET api/fund/returns/history</c> → <c>getFundReturnsHistory</c>; route parameters become <c>By…</c>.</summary>
    internal static string OperationId(string method, string path)
    {
        var words = new List<string> { method.ToLowerInvariant() };
        foreach (var segment in path.Split('?')[0].Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var s = segment.StartsWith('{') ? "By-" + segment.Trim('{', '}').Split(':')[0] : segment;
            words.AddRange(s.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
        }
        return string.Concat(words);
    }
}

/// <summary>
/// Completes the document as a whole: the tags per feature in the order treasury staff work through them, each with a
/// description, and nullable references that carry their type (OpenAPI 3.0's <c>nullable</c> needs a sibling
/// <c>type</c>; Swashbuckle writes <c>allOf: [$ref]</c> with <c>nullable</c> only).
/// </summary>
public sealed class DocumentDefaults : IDocumentFilter
{
    /// <summary>Tags in the order Swagger UI shows them; a tag not listed here follows, alphabetically.</summary>
    internal static readonly (string Name, string Description)[] Tags =
    [
        ("Fund", "The managed fund (forvaltningsfondet): holdings per placement and asset class against the strategy's bands, month-end valuations (markedsverdier), flows (uttak og innskudd), returns against the benchmark (referanseindeks) in percent, the history since 2000, risk figures (standard deviation and tracking error in percent, rentedurasjon and kredittdurasjon in years), and the real-value target (realverdi) with grunnkapital and bufferkapital in NOK."),
        ("Green zone", "The fund's Monte Carlo simulation (grønn sone): the probability, in percent, that the fund keeps its real value and its bufferkapital over the horizon in years."),
        ("Stress test", "The two-part stress test (stresstest) of the financial regulations: part 1 bank deposits and debt (rate shock in percentage points on floating debt and its offsetting items (motposter), counterparty loss on deposits), part 2 the fund (rate shock × duration in years, equity fall in percent), in NOK against the risk frame and the bufferkapital."),
        ("Debt", "The debt portfolio (gjeldsporteføljen): the loan register with CSV import and export, balances and events, the summary against the regulations (refinancing within 12 months, fixed-rate share in percent, rentebindingstid in years, maturity buckets) and on-lending (videreutlån, startlån). Amounts in NOK."),
        ("Liquidity", "Short-term liquidity (likviditet): bank accounts, daily balances in NOK (CSV import and export), the year's averages per tertial and the main-bank cap (hovedbank)."),
        ("Market data", "Market data the calculations need: the annual-average consumer price index (KPI) that carries the real-value target."),
        ("Policy", "The financial regulations (finansreglement): versions with the limits in force at a date (percent, NOK or years) and the stress test's parameters."),
        ("Compliance", "Compliance (avviksrapportering): every limit of the regulations in force checked against the registers at a date, deviations (avvik) with the treasury's explanation and handling, and attestations of limits the registers cannot compute."),
        ("Snapshots", "Monthly snapshots (månedlige øyeblikksbilder): the month-end figures frozen with a content hash, versioned when data is corrected."),
        ("Reports", "The finance report (finansrapport) per tertial and year as HTML with charts, JSON or XLSX, from the frozen snapshots."),
        ("Jobs", "The scheduled jobs on Hangfire (monthly snapshots, report drafts): next fire times in Europe/Oslo, recent executions, and a manual trigger. In a browser: the dashboard at /hangfire after signing in at /signin."),
        ("Audit", "The change log (endringslogg) for auditors: every write with who, when and the row before and after, in a SHA-256 hash chain, and its verification."),
        ("Admin", "Operations: the online backup (sikkerhetskopi) of the database."),
    ];

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        var used = (document.Paths ?? [])
            .SelectMany(p => p.Value.Operations ?? [])
            .SelectMany(o => o.Value.Tags ?? new HashSet<OpenApiTagReference>())
            .Select(t => t.Name)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        var known = Tags.Select(t => t.Name).ToList();
        document.Tags = new SortedSet<OpenApiTag>(
            used.Select(name => new OpenApiTag { Name = name, Description = Tags.FirstOrDefault(t => t.Name == name).Description }),
            Comparer<OpenApiTag>.Create((a, b) =>
            {
                int Rank(OpenApiTag t) => known.IndexOf(t.Name!) is var i and >= 0 ? i : known.Count;
                var byRank = Rank(a).CompareTo(Rank(b));
                return byRank != 0 ? byRank : string.CompareOrdinal(a.Name, b.Name);
            }));

        var schemas = document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>();
        foreach (var schema in schemas.Values)
        {
            TypeNullableReferences(schema, schemas, 0);
        }
    }

    private static void TypeNullableReferences(IOpenApiSchema schema, IDictionary<string, IOpenApiSchema> schemas, int depth)
    {
        if (schema is not OpenApiSchema s || depth > 32)
        {
            return;
        }
        if (s.Type == JsonSchemaType.Null && s.AllOf is [OpenApiSchemaReference reference]
            && reference.Reference.Id is { } id && schemas.TryGetValue(id, out var target) && target.Type is { } type)
        {
            s.Type = type | JsonSchemaType.Null;
        }
        foreach (var child in (s.Properties?.Values ?? []).Append(s.Items).Append(s.AdditionalProperties).OfType<IOpenApiSchema>())
        {
            TypeNullableReferences(child, schemas, depth + 1);
        }
    }
}

/// <summary>
/// Marks as <c>required</c> what the service requires and always writes: a record's constructor parameters without a
/// default value. The API's JSON options respect required constructor parameters (a missing one is a 400), and every
/// property is written, nulls included, so a generated client may rely on these fields being there.
/// </summary>
public sealed class RequiredFromConstructor : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema s || s.Properties is not { Count: > 0 } properties || context.Type.IsEnum)
        {
            return;
        }
        var constructor = context.Type.GetConstructors().MaxBy(c => c.GetParameters().Length);
        foreach (var parameter in constructor?.GetParameters() ?? [])
        {
            if (!parameter.HasDefaultValue && parameter.Name is { } name
                && System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name) is var property && properties.ContainsKey(property))
            {
                (s.Required ??= new HashSet<string>(StringComparer.Ordinal)).Add(property);
            }
        }
    }
}
