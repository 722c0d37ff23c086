using System.Globalization;
using Finance.Data;

namespace Finance.Tests.Store;

/// <summary>The service's write lock and the audit function's lock on PostgreSQL are one lock: the same number.</summary>
public class WriteLockKeyTests
{
    [Fact]
    public void The_audit_function_takes_the_lock_the_writes_take()
    {
        var assembly = typeof(Db).Assembly;
        using var stream = assembly.GetManifestResourceStream("migrations-postgresql/0050_audit.sql")!;
        var sql = new StreamReader(stream).ReadToEnd();
        Assert.Contains($"pg_advisory_xact_lock({Db.WriteLock.ToString(CultureInfo.InvariantCulture)})", sql);
        Assert.Equal(28_826_370_426_430_309L, Db.WriteLock);
    }
}
