using System.Net;
using System.Text.Json.Nodes;

namespace Finance.Tests.Access;

/// <summary>Every write operation of the served OpenAPI document: no key → 401; an auditor's or a viewer's key → 403.</summary>
public sealed class WriteRolesTests(SeededApi api) : IClassFixture<SeededApi>
{
    [Fact]
    public async Task Every_write_operation_refuses_the_anonymous_and_the_read_only_roles()
    {
        var document = JsonNode.Parse(await api.Client(null).GetStringAsync("/swagger/v1/swagger.json"))!;
        var writes = new List<(string Method, string Url, string ContentType)>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, op) in item!.AsObject())
            {
                // A preview computes on the body and stores nothing: a read, open to every role.
                if (method is "post" or "put" or "patch" or "delete" && !path.EndsWith("/preview", StringComparison.Ordinal))
                {
                    var url = System.Text.RegularExpressions.Regex.Replace(path, "{([^}:]+)[^}]*}", m => m.Groups[1].Value switch
                    {
                        "year" => "2025",
                        "asOf" => "2026-12-31",
                        "month" => "2025-11",
                        _ => "1",
                    });
                    // The body's declared media type, so the request reaches the endpoint (imports take text/csv).
                    var type = op?["requestBody"]?["content"]?.AsObject().Select(c => c.Key).FirstOrDefault() ?? "application/json";
                    writes.Add((method.ToUpperInvariant(), url, type));
                }
            }
        }
        Assert.True(writes.Count >= 30, $"{writes.Count} write operations");
        var failures = new List<string>();
        foreach (var (method, url, contentType) in writes)
        {
            foreach (var (client, expected, who) in new[]
            {
                (api.Client(null), HttpStatusCode.Unauthorized, "no key"),
                (api.Auditor(), HttpStatusCode.Forbidden, "auditor"),
                (api.Viewer(), HttpStatusCode.Forbidden, "viewer"),
            })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent(contentType.Contains("json") ? "{}" : "", System.Text.Encoding.UTF8, contentType) };
                var status = (await client.SendAsync(request)).StatusCode;
                if (status != expected)
                {
                    failures.Add($"{method} {url} with {who}: {(int)status}, expected {(int)expected}");
                }
            }
        }
        Assert.Empty(failures);
    }
}
