using System.ComponentModel.DataAnnotations;

namespace Finance.Data;

/// <summary>
/// Configuration section <c>Finance</c>, bound once at start and validated there (<c>ValidateOnStart</c>): a bad value
/// stops the start with a message naming its key. The connection string is <c>ConnectionStrings:Finance</c>
/// (<see cref="Db.FromConfigured"/>).
/// </summary>
public sealed class FinanceOptions
{
    public const string Section = "Finance";

    public const long DefaultMaxRequestBodyBytes = 16 * 1024 * 1024;

    /// <summary><c>Finance:SeedDemoData</c> (default true): fill a new, empty database with the Bærum 2025 reference data.</summary>
    public bool SeedDemoData { get; set; } = true;

    /// <summary>
    /// <c>Finance:MaxRequestBodyBytes</c>: the largest request body, 16 MiB by default (a loan or valuation import of
    /// 100 000 rows is about 10 MB); from 1 KiB to 1 GiB.
    /// </summary>
    [Range(1024L, 1024L * 1024 * 1024, ErrorMessage = "Finance:MaxRequestBodyBytes must be from 1024 to 1073741824 (bytes).")]
    public long MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;

    /// <summary><c>Finance:BackupFolder</c>: where <c>POST /api/admin/backup</c> writes; empty: <c>backups</c> beside the database.</summary>
    public string? BackupFolder { get; set; }
}
