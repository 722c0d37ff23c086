using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Finance.Api.Infrastructure;

/// <summary>
/// Completes every operation of the document: an operationId (for generated clients), descriptions of the common
/// query parameters with their units, and the problem responses (400, 401, 403) each operation can give.
/// </summary>
public sealed class OperationDefaults : IOperationFilter
{
    private static readonly Dictionary<string, (string Description, string Example)> Parameters = new(StringComparer.Ordinal)
    {
        ["asOf"] = ("The as-of date (yyyy-MM-dd): figures at the latest data on or before it.", "2025-12-31"),
        ["year"] = ("The calendar year.", "2025"),
        ["from"] = ("First date of the period (yyyy-MM-dd), inclusive.", "2025-01-01"),
        ["to"] = ("Last date of the period (yyyy-MM-dd), inclusive.", "2025-12-31"),
        ["id"] = ("The id of the stored item.", "1"),
        ["placementId"] = ("The placement's id.", "klp-aksjeglobal-indeks"),
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var api = context.ApiDescription;
        operation.OperationId ??= OperationId(api.HttpMethod ?? "GET", api.RelativePath ?? "");
        foreach (var p in operation.Parameters ?? [])
        {
            if (p is OpenApiParameter parameter && parameter.Name is { } name && Parameters.TryGetValue(name, out var doc))
            {
                parameter.Description ??= doc.Description;
                parameter.Example ??= JsonValue.Create(doc.Example);
            }
        }

        var metadata = api.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            return;
        }
        operation.Responses ??= [];
        Add(operation, context, "401", "No API key, or an unknown one (X-Api-Key).");
        var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).ToList();
        if (policies.Contains(Policies.Write) || policies.Contains(Policies.Audit))
        {
            Add(operation, context, "403", policies.Contains(Policies.Write) ? "The key's role may not write: only treasurers change data." : "Only auditors and treasurers may read this.");
        }
        if (api.ParameterDescriptions.Count > 0)
        {
            Add(operation, context, "400", "Invalid input: a problem (RFC 9457) whose `errors` name each field.");
        }
    }

    private static void Add(OpenApiOperation operation, OperationFilterContext context, string status, string description)
    {
        if (operation.Responses!.ContainsKey(status))
        {
            return;
        }
        var schema = context.SchemaGenerator.GenerateSchema(
            status == "400" ? typeof(Microsoft.AspNetCore.Http.HttpValidationProblemDetails) : typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), context.SchemaRepository);
        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, IOpenApiMediaType> { ["application/problem+json"] = new OpenApiMediaType { Schema = schema } },
        };
    }

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
