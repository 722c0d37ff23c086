using System.Data.Common;
using System.Collections.Concurrent;
using Finance.Data.Audit;

namespace Finance.Api.Infrastructure;

/// <summary>
/// Results of read endpoints, kept while the registers are unchanged: each lookup reads the registers' version (the
/// audit trail's last sequence number, <see cref="AuditTrail.Version"/>: one indexed lookup) and a new version drops
/// every entry. A result is computed after its version was read, so it is never older than the version it is kept under.
/// At most <see cref="MaxEntries"/> results per version (more are computed and not kept).
/// </summary>
public sealed class RegisterCache
{
    public const int MaxEntries = 1024;

    private sealed record Generation(long Version, ConcurrentDictionary<string, Entry> Entries);

    private sealed record Entry(object? Value);

    private volatile Generation _current = new(-1, new(StringComparer.Ordinal));

    public T? GetOrAdd<T>(DbConnection c, string key, Func<DbConnection, T?> compute) where T : class =>
        GetOrAdd(AuditTrail.Version(c), c, key, compute);

    /// <summary>The registers' version, for several lookups under one version read (<see cref="GetOrAdd{T}(long, DbConnection, string, Func{DbConnection, T})"/>).</summary>
    public static long Version(DbConnection c) => AuditTrail.Version(c);

    /// <summary>As above, under a version the caller read from <paramref name="c"/> before (<see cref="Version"/>).</summary>
    public T? GetOrAdd<T>(long version, DbConnection c, string key, Func<DbConnection, T?> compute) where T : class
    {
        var generation = _current;
        if (generation.Version != version)
        {
            generation = new Generation(version, new(StringComparer.Ordinal));
            _current = generation;
        }
        var cacheKey = typeof(T).FullName + "|" + key;
        if (generation.Entries.TryGetValue(cacheKey, out var hit))
        {
            return (T?)hit.Value;
        }
        var value = compute(c);
        if (generation.Entries.Count < MaxEntries)
        {
            generation.Entries.TryAdd(cacheKey, new Entry(value));
        }
        return value;
    }
}
