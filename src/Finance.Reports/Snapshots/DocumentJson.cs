using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Finance.Core.Common;

namespace Finance.Reports.Snapshots;

/// <summary>
/// The JSON of frozen documents (snapshots, report drafts): camelCase, dates <c>yyyy-MM-dd</c>, months <c>yyyy-MM</c>,
/// decimals written exactly, not indented (the dates by <see cref="NodaJson"/>, as the API writes them). The content hash is the SHA-256 of exactly these UTF-8 bytes, so the same
/// figures always give the same hash.
/// </summary>
public static class DocumentJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = false,
            NumberHandling = JsonNumberHandling.Strict,
        };
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        NodaJson.AddConverters(o.Converters);
        return o;
    }

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(typeof(T) == typeof(SnapshotDocument) ? WithCurrentNames(json) : json, Options)
        ?? throw new JsonException($"Empty {typeof(T).Name} document.");

    /// <summary>
    /// The names a snapshot frozen before the sections took the live endpoints' names used, per section: such a document
    /// keeps its bytes and hash, and is read under the current names.
    /// </summary>
    private static readonly (string[] Path, string Old, string New)[] Renamed =
    [
        (["fund"], "classes", "assetClasses"),
        (["fund", "realValue"], "baseNok", "realValueBaseNok"),
        (["fund", "realValue"], "baseYear", "realValueBaseYear"),
        (["fund", "realValue"], "cpiBase", "cpiIndexBaseYear"),
        (["fund", "realValue"], "cpiYear", "cpiIndexYear"),
        (["debt"], "lenders", "byLender"),
        (["debt"], "fixingYearsBand", "averageFixingYearsBand"),
        (["debt"], "service", "debtService"),
        (["debt", "periodEnds", "*"], "lenders", "byLender"),
        (["debt", "fixingBuckets", "*"], "sharePct", "pct"),
        (["compliance"], "limits", "checks"),
        (["compliance"], "breachCount", "breaches"),
        (["compliance"], "unknownCount", "unknown"),
        (["greenZone"], "thresholdPct", "greenZoneThresholdPct"),
        (["greenZone"], "years", "percentiles"),
        (["liquidity"], "daysCovered", "daysWithBalances"),
        (["liquidity"], "averageSource", "source"),
        (["liquidity", "tertials", "*"], "daysCovered", "daysWithBalances"),
        (["liquidity", "priorYear", "tertials", "*"], "daysCovered", "daysWithBalances"),
    ];

    private static string WithCurrentNames(string json)
    {
        if (System.Text.Json.Nodes.JsonNode.Parse(json) is not System.Text.Json.Nodes.JsonObject root)
        {
            return json;
        }
        var changed = false;
        foreach (var (path, old, name) in Renamed)
        {
            foreach (var node in Walk(root, path))
            {
                if (node is System.Text.Json.Nodes.JsonObject o && o.ContainsKey(old) && !o.ContainsKey(name))
                {
                    var value = o[old];
                    o.Remove(old);
                    o[name] = value;
                    changed = true;
                }
            }
        }
        changed |= NestRiskFrame(root);
        return changed ? root.ToJsonString() : json;
    }

    /// <summary>An older stress section held the risk frame flat (<c>riskFrameTargetNok</c>, …); now it is <c>riskFrame</c> as live.</summary>
    private static bool NestRiskFrame(System.Text.Json.Nodes.JsonObject root)
    {
        if (root["stress"] is not System.Text.Json.Nodes.JsonObject stress || !stress.ContainsKey("riskFrameTargetNok") || stress.ContainsKey("riskFrame"))
        {
            return false;
        }
        var target = stress["riskFrameTargetNok"]?.DeepClone();
        var max = stress["riskFrameMaxNok"]?.DeepClone();
        var status = stress["riskFrameStatus"]?.DeepClone();
        stress.Remove("riskFrameTargetNok");
        stress.Remove("riskFrameMaxNok");
        stress.Remove("riskFrameStatus");
        stress["riskFrame"] = target is null || max is null ? null
            : new System.Text.Json.Nodes.JsonObject { ["targetNok"] = target, ["maxNok"] = max, ["status"] = status };
        return true;
    }

    private static IEnumerable<System.Text.Json.Nodes.JsonNode?> Walk(System.Text.Json.Nodes.JsonNode? node, IReadOnlyList<string> path)
    {
        if (path.Count == 0)
        {
            return [node];
        }
        return path[0] == "*"
            ? node is System.Text.Json.Nodes.JsonArray a ? a.SelectMany(x => Walk(x, path.Skip(1).ToList())) : []
            : node is System.Text.Json.Nodes.JsonObject o && o[path[0]] is { } next ? Walk(next, path.Skip(1).ToList()) : [];
    }

    /// <summary>Lower-case hex SHA-256 of the UTF-8 text.</summary>
    public static string Sha256(string json) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
}
