using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Finance.Data;

/// <summary>
/// The few places where the stores' SQL or values differ between SQLite and PostgreSQL: everything else is written in
/// SQL both engines run alike.
/// </summary>
internal static class SqlDialect
{
    /// <summary>True for a SQLite connection; false for PostgreSQL.</summary>
    public static bool IsSqlite(this DbConnection c) => c is SqliteConnection;
}
