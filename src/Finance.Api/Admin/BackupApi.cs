using System.ComponentModel;
using System.Security.Cryptography;
using Finance.Api.Infrastructure;
using Finance.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Finance.Api.Admin;

public sealed record BackupDto(
    [property: Description("The backup's file name in the backup folder (`Finance:BackupFolder`); the server's paths are not shown.")] string File,
    long SizeBytes,
    [property: Description("SHA-256 of the backup file, hex: check it after copying.")] string Sha256,
    Instant CreatedAt);

/// <summary>Online backup of the SQLite database (the SQLite backup API: a consistent copy while the service runs); on PostgreSQL, pg_dump.</summary>
public static class BackupApi
{
    public static void MapBackupApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/admin/backup", Backup)
            .WithTags("Admin")
            .RequireAuthorization(Policies.Write)
            .WithSummary("Take an online backup of the database (sikkerhetskopi)")
            .WithDescription("Copies the whole database with SQLite's online backup API into the folder `Finance:BackupFolder` (default: `backups` beside the database) while the service keeps running; readers and writers are not stopped, and the copy is consistent. The answer names the file, not the server's folders. The audit key (`Audit:Key` or the key file) is not in the backup: keep it apart, and restore it with the database, or the restored audit trail cannot be verified. Restore: stop the service, replace the database file with the backup (and delete its `-wal` and `-shm` files), start the service. On PostgreSQL the service takes no backup (501): use `pg_dump`.")
            .ProducesProblem(StatusCodes.Status501NotImplemented);
    }

    private static Results<Created<BackupDto>, ProblemHttpResult> Backup(Db db, IClock clock, Microsoft.Extensions.Options.IOptions<FinanceOptions> options)
    {
        if (db.Engine == Engine.PostgreSql)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status501NotImplemented, title: "The service backs up only a SQLite database.",
                detail: "This service runs on PostgreSQL: back the database up with pg_dump (e.g. pg_dump --format=custom), and keep the audit key apart.");
        }
        var now = clock.GetCurrentInstant();
        var file = BackupTo(db, options.Value.BackupFolder, now);
        return TypedResults.Created((string?)null, file);
    }

    /// <summary>
    /// Writes <c>finance-yyyyMMdd-HHmmssfff-xxxxxxxx.db</c> (8 random hex digits, so backups at the same moment get
    /// their own files) into <paramref name="folder"/> (default: <c>backups</c> beside the database).
    /// </summary>
    public static BackupDto BackupTo(Db db, string? folder, Instant now)
    {
        var dataSource = Path.GetFullPath(db.DataSource);
        var target = folder is { Length: > 0 } ? Path.GetFullPath(folder) : Path.Combine(Path.GetDirectoryName(dataSource)!, "backups");
        Directory.CreateDirectory(target);
        var name = $"finance-{now.ToDateTimeUtc():yyyyMMdd-HHmmssfff}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.db";
        var path = Path.Combine(target, name);
        db.CopyTo(path);
        using var stream = File.OpenRead(path);
        return new BackupDto(name, stream.Length, Convert.ToHexStringLower(SHA256.HashData(stream)), now);
    }
}
