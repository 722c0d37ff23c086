using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Finance.Data.Access;

/// <summary>A key of the <c>api_keys</c> table: never the key, only its hash (which is not listed either).</summary>
public sealed record StoredApiKey
{
    public required string Name { get; init; }
    public required string Role { get; init; }
    public required Instant CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public Instant? RevokedAt { get; init; }
}

/// <summary>An active (not revoked) key as the authentication handler needs it.</summary>
public sealed record ActiveApiKey
{
    public required string Name { get; init; }
    public required string Role { get; init; }
    public required string Sha256 { get; init; }
}

/// <summary>
/// The API keys managed in the database (migration 0060). A key is 32 random bytes, base64url (43 characters); only its
/// SHA-256 is stored. Keys are revoked, never deleted, so a name is never reused.
/// </summary>
public static class ApiKeyStore
{
    /// <summary>A new key: 32 bytes from the OS's cryptographic generator, base64url without padding.</summary>
    public static string Generate() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The stored form of a key: the SHA-256 of its UTF-8 bytes, lower-case hex.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static bool Exists(DbConnection c, string name) =>
        c.ExecuteScalar<long>("SELECT COUNT(*) FROM api_keys WHERE name = @name", new { name }) > 0;

    /// <summary>Stores a new key's hash; false when the name is taken (by an active or a revoked key).</summary>
    public static bool Add(DbConnection c, string name, string role, string sha256, Instant createdAt, string createdBy) =>
        c.Execute("""
            INSERT INTO api_keys (name, role, sha256, created_at, created_by)
            VALUES (@name, @role, @sha256, @createdAt, @createdBy)
            ON CONFLICT (name) DO NOTHING
            """, new { name, role, sha256, createdAt, createdBy }) == 1;

    public static IReadOnlyList<StoredApiKey> List(DbConnection c) =>
        c.Query<StoredApiKey>("""
            SELECT name AS Name, role AS Role, created_at AS CreatedAt, created_by AS CreatedBy, revoked_at AS RevokedAt
            FROM api_keys ORDER BY name
            """).ToList();

    /// <summary>Revokes the key; false when there is no key of that name. Revoking twice keeps the first time.</summary>
    public static bool Revoke(DbConnection c, string name, Instant at, DbTransaction? tx = null)
    {
        if (c.ExecuteScalar<long>("SELECT COUNT(*) FROM api_keys WHERE name = @name", new { name }, tx) == 0)
        {
            return false;
        }
        c.Execute("UPDATE api_keys SET revoked_at = @at WHERE name = @name AND revoked_at IS NULL", new { name, at }, tx);
        return true;
    }

    /// <summary>The role of the active (not revoked) key of that name; null when there is none.</summary>
    public static string? ActiveRole(DbConnection c, string name, DbTransaction? tx = null) =>
        c.ExecuteScalar<string?>("SELECT role FROM api_keys WHERE name = @name AND revoked_at IS NULL", new { name }, tx);

    /// <summary>How many active admin keys the database holds.</summary>
    public static long ActiveAdmins(DbConnection c, DbTransaction? tx = null) =>
        c.ExecuteScalar<long>("SELECT COUNT(*) FROM api_keys WHERE role = 'admin' AND revoked_at IS NULL", transaction: tx);

    public static IReadOnlyList<ActiveApiKey> Active(DbConnection c) =>
        c.Query<ActiveApiKey>("SELECT name AS Name, role AS Role, sha256 AS Sha256 FROM api_keys WHERE revoked_at IS NULL").ToList();
}
