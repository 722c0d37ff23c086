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

    /// <summary>
    /// <c>Finance:SeedDemoData</c>: fill a new, empty database with the Bærum 2025 reference data. Unset: only in the
    /// Development environment (<see cref="SeedsDemoData"/>), so a production start never loads the demo municipality.
    /// </summary>
    public bool? SeedDemoData { get; set; }

    /// <summary><c>Finance:WriteWaitSeconds</c> (default 15): how long a write waits for another before it answers 503.</summary>
    [Range(0.1, 600.0, ErrorMessage = "Finance:WriteWaitSeconds must be from 0.1 to 600 (seconds).")]
    public double WriteWaitSeconds { get; set; } = 15;

    /// <summary>Whether a new database gets the reference data: the setting, or else whether this is the Development environment.</summary>
    public bool SeedsDemoData(bool isDevelopment) => SeedDemoData ?? isDevelopment;

    /// <summary>
    /// <c>Finance:MaxRequestBodyBytes</c>: the largest request body, 16 MiB by default (a loan or valuation import of
    /// 100 000 rows is about 10 MB); from 1 KiB to 1 GiB.
    /// </summary>
    [Range(1024L, 1024L * 1024 * 1024, ErrorMessage = "Finance:MaxRequestBodyBytes must be from 1024 to 1073741824 (bytes).")]
    public long MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;

    /// <summary><c>Finance:BackupFolder</c>: where <c>POST /api/admin/backup</c> writes; empty: <c>backups</c> beside the database.</summary>
    public string? BackupFolder { get; set; }
}
