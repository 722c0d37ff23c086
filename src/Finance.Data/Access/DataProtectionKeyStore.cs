using System.Data.Common;
using Dapper;
using NodaTime;

namespace Finance.Data.Access;

/// <summary>
/// The key ring of ASP.NET Core data protection in the table <c>data_protection_keys</c> (migration 0120): each element
/// the framework stores, as XML text under its name. Rows are only added.
/// </summary>
public static class DataProtectionKeyStore
{
    /// <summary>Every stored element's XML, oldest first.</summary>
    public static IReadOnlyList<string> All(DbConnection c) =>
        c.Query<string>("SELECT xml FROM data_protection_keys ORDER BY id").ToList();

    /// <summary>Stores an element; a name stored before (the framework names each key by its id) keeps its first XML.</summary>
    public static void Add(DbConnection c, DbTransaction tx, string name, string xml, Instant createdAt) =>
        c.Execute("""
            INSERT INTO data_protection_keys (name, xml, created_at)
            VALUES (@name, @xml, @createdAt)
            ON CONFLICT (name) DO NOTHING
            """, new { name, xml, createdAt }, tx);
}
