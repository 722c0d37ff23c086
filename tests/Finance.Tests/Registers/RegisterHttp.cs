using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Finance.Tests.Registers;

/// <summary>Requests with headers (If-Match) and raw JSON bodies, for the register round-trip tests.</summary>
internal static class RegisterHttp
{
    public static async Task<(HttpStatusCode Status, JsonElement Body, string? ETag)> Call(this HttpClient client, HttpMethod method, string url, string? json = null, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), response.Headers.ETag?.ToString());
    }

    /// <summary>The GET representation with one member set to <paramref name="value"/>, as JSON text.</summary>
    public static string With(this JsonElement representation, string member, JsonNode? value)
    {
        var node = JsonNode.Parse(representation.GetRawText())!.AsObject();
        node[member] = value;
        return node.ToJsonString();
    }

    /// <summary>The number of entries in the change log (its head's sequence number).</summary>
    public static async Task<long> AuditEntries(this FinanceApiFactory api) =>
        (await api.Auditor().GetJson("/api/audit/verify")).GetProperty("entries").GetInt64();

    /// <summary>The fields a 400 problem names.</summary>
    public static IReadOnlyList<string> ErrorFields(this JsonElement problem) =>
        problem.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object ? e.EnumerateObject().Select(p => p.Name).ToList() : [];

    public static string ErrorText(this JsonElement problem) => problem.GetRawText();
}
