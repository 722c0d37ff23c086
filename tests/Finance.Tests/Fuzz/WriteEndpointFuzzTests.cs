using System.Data.Common;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Data.Sqlite;

namespace Finance.Tests.Fuzz;

/// <summary>
/// Property: for every write operation of the served OpenAPI document, any hostile variation of a valid request —
/// malformed JSON, wrong types, NaN/∞ strings, 1e300, negative amounts, impossible dates, huge strings, missing or extra
/// fields — is answered without a 500, and a refused request (4xx) writes nothing (the audit log does not move).
/// </summary>
public sealed class WriteEndpointFuzzTests : IDisposable
{
    private const int CasesPerOperation = 120;
    private readonly FinanceApiFactory _api = new(seed: true);

    public void Dispose() => _api.Dispose();

    private static readonly JsonNode?[] Hostile =
    [
        null, "NaN", "Infinity", "-Infinity", JsonValue.Create(1e300), JsonValue.Create(-1e300), JsonValue.Create(-1), JsonValue.Create(0),
        JsonValue.Create(-0.000001m), "", new string('x', 5000), true, new JsonArray(), new JsonObject(), "0001-01-01", "9999-12-31",
        "2025-02-30", "2025-13", "31.12.2025", JsonValue.Create(79228162514264337593543950335m), JsonValue.Create(long.MaxValue), "' OR 1=1 --",
        "<script>alert(1)</script>", "gold", JsonValue.Create(1.5), "2025-12-31T00:00:00Z", "\u0000",
    ];

    private sealed record Operation(string Method, string Path, string Url, string? ContentType, string Body);

    [Fact]
    public async Task No_write_endpoint_answers_500_or_writes_on_a_refused_request()
    {
        var document = JsonNode.Parse(await _api.Client(null).GetStringAsync("/swagger/v1/swagger.json"))!;
        var operations = Operations(document).ToList();
        Assert.True(operations.Count >= 15, $"only {operations.Count} write operations found");
        var client = _api.Treasurer();
        var failures = new List<string>();
        var sent = 0;
        var statuses = new Dictionary<int, int>();
        foreach (var op in operations)
        {
            var property = Prop.ForAll(Arb.From(Mutations(op)), (string body) =>
            {
                var before = AuditSeq();
                using var request = new HttpRequestMessage(new HttpMethod(op.Method), op.Url)
                {
                    Content = new StringContent(body, Encoding.UTF8, op.ContentType ?? "application/json"),
                };
                var response = client.SendAsync(request).GetAwaiter().GetResult();
                var status = (int)response.StatusCode;
                sent++;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                if (status >= 500)
                {
                    failures.Add($"{op.Method} {op.Path} → {status}: {Truncate(body)}");
                    return false;
                }
                if (status >= 400 && AuditSeq() != before)
                {
                    failures.Add($"{op.Method} {op.Path} → {status} but wrote: {Truncate(body)}");
                    return false;
                }
                return true;
            });
            property.Check(Config.QuickThrowOnFailure.WithMaxTest(CasesPerOperation).WithQuietOnSuccess(true));
        }
        Assert.Empty(failures);
        Assert.Equal(operations.Count * CasesPerOperation, sent);
        // The hostile cases must mostly be refused: a fuzzer whose requests all pass tests nothing.
        Assert.True(statuses.Where(s => s.Key is >= 400 and < 500).Sum(s => s.Value) > sent / 2, string.Join(", ", statuses.Select(s => $"{s.Key}: {s.Value}")));
    }

    private static string Truncate(string s) => s.Length > 300 ? s[..300] + "…" : s;

    private long AuditSeq()
    {
        using var c = TestStore.OpenOutside(_api.ConnectionString);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COALESCE(MAX(seq), 0) FROM audit_log";
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static IEnumerable<Operation> Operations(JsonNode document)
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, op) in item!.AsObject())
            {
                if (method is not ("post" or "put" or "patch" or "delete") || op!["requestBody"]?["content"] is not JsonObject content)
                {
                    continue;
                }
                var url = System.Text.RegularExpressions.Regex.Replace(path, "{([^}:]+)[^}]*}", m => Sample(m.Groups[1].Value));
                if (content["application/json"]?["schema"] is { } schema)
                {
                    yield return new Operation(method.ToUpperInvariant(), path, url, "application/json", Example(schema, document)?.ToJsonString() ?? "{}");
                }
                else if (content.Any(c => c.Key.Contains("csv")))
                {
                    yield return new Operation(method.ToUpperInvariant(), path, url, "text/csv", "id,lender\n1,x\n");
                }
            }
        }
    }

    private static string Sample(string name) => name switch
    {
        "year" => "2025",
        "placementId" => "fund-bank-account",
        "asOf" => "2026-12-31",
        "month" or "yearMonth" => "2025-11",
        "tertial" => "1",
        _ => "1",
    };

    /// <summary>A valid-looking body: the schema's example, else one built from its properties.</summary>
    private static JsonNode? Example(JsonNode schema, JsonNode document, int depth = 0)
    {
        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            schema = document["components"]!["schemas"]![reference.Split('/')[^1]]!;
        }
        if (schema["example"] is { } example)
        {
            return example.DeepClone();
        }
        if (depth > 4)
        {
            return null;
        }
        return schema["type"]?.GetValue<string>() switch
        {
            "array" => new JsonArray(Example(schema["items"]!, document, depth + 1)),
            "object" or null when schema["properties"] is JsonObject props =>
                new JsonObject(props.Select(p => KeyValuePair.Create(p.Key, Example(p.Value!, document, depth + 1)))),
            "string" => schema["format"]?.GetValue<string>() == "date" ? "2025-12-31" : "x",
            "number" or "integer" => 1,
            "boolean" => true,
            _ => null,
        };
    }

    /// <summary>Hostile variations of the operation's valid body.</summary>
    private static Gen<string> Mutations(Operation op)
    {
        var valid = op.Body;
        if (op.ContentType == "text/csv")
        {
            return Gen.OneOf(
                Gen.Elements(Hostile.Select(h => h?.ToJsonString() ?? "")).Select(v => "id,lender,category,rateType,ratePct,balanceNok,balanceDate,maturityDate,amortisation\n1,KBN,investment,fixed," + v + ",1," + v + ",2030-01-01,bullet\n"),
                Gen.Elements("", "\"", "a,b\n\"unclosed", "id\n" + new string(',', 1000), "\u0000\u0001"));
        }
        var paths = Leaves(JsonNode.Parse(valid)).ToList();
        var replaceOne = from index in Gen.Choose(0, Math.Max(0, paths.Count - 1))
                         from value in Gen.Elements(Hostile)
                         select Replace(valid, paths.Count == 0 ? null : paths[index], value);
        var dropOne = Gen.Choose(0, Math.Max(0, paths.Count - 1)).Select(i => Replace(valid, paths.Count == 0 ? null : paths[i], null, remove: true));
        var extra = Gen.Elements(Hostile).Select(v => Replace(valid, "", v, addField: true));
        var truncated = Gen.Choose(0, Math.Max(0, valid.Length - 1)).Select(n => valid[..n]);
        var garbage = Gen.Elements("", "null", "[]", "{}", "[[[[[[", "{\"a\":", "NaN", "1e999", "\"text\"", "[" + string.Join(",", Enumerable.Repeat(valid, 50)) + "]");
        return Gen.Frequency((5, replaceOne), (2, dropOne), (1, extra), (2, truncated), (1, garbage), (1, Gen.Constant(valid)));
    }

    /// <summary>JSON pointer-like paths ("a/0/b") to every property of the body.</summary>
    private static IEnumerable<string> Leaves(JsonNode? node, string prefix = "")
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o)
                {
                    var p = prefix.Length == 0 ? k : prefix + "/" + k;
                    yield return p;
                    foreach (var inner in Leaves(v, p)) yield return inner;
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    var p = prefix.Length == 0 ? i.ToString() : prefix + "/" + i;
                    yield return p;
                    foreach (var inner in Leaves(a[i], p)) yield return inner;
                }
                break;
        }
    }

    private static string Replace(string json, string? path, JsonNode? value, bool remove = false, bool addField = false)
    {
        var root = JsonNode.Parse(json);
        if (root is null || path is null)
        {
            return json;
        }
        if (addField)
        {
            var target = root is JsonArray arr && arr.Count > 0 ? arr[0] : root;
            if (target is JsonObject obj)
            {
                obj["unexpectedField"] = value?.DeepClone();
            }
            return root.ToJsonString();
        }
        var parts = path.Split('/');
        var parent = root;
        foreach (var part in parts[..^1])
        {
            parent = parent is JsonArray a ? a[int.Parse(part)] : parent![part];
        }
        var last = parts[^1];
        switch (parent)
        {
            case JsonObject o when remove:
                o.Remove(last);
                break;
            case JsonObject o:
                o[last] = value?.DeepClone();
                break;
            case JsonArray a when !remove:
                a[int.Parse(last)] = value?.DeepClone();
                break;
        }
        return root.ToJsonString();
    }
}
