using Dapper;
using Finance.Data;

namespace Finance.Tests.Store;

/// <summary>The store's engine choice and, on PostgreSQL, its schema, types and audit trail.</summary>
public sealed class PostgresStoreTests
{
    [Fact]
    public void The_connection_string_alone_chooses_the_engine()
    {
        Assert.Equal(Engine.Sqlite, Db.EngineOf("Data Source=finance.db"));
        Assert.Equal(Engine.PostgreSql, Db.EngineOf("Host=db.example;Database=finance;Username=finance"));
        Assert.Equal(Engine.PostgreSql, Db.EngineOf("Server=db.example;Database=finance"));
        Assert.Equal(Engine.Sqlite, Db.FromConfigured(null).Engine);
        Assert.Equal(Engine.PostgreSql, new Db("Host=db.example;Database=finance", auditKey: TestStore.PostgresAuditKey).Engine);
    }

    [Fact]
    public void Every_sqlite_migration_has_a_postgresql_edition_of_the_same_number_and_name()
    {
        Assert.Equal(
            Migrations.Embedded(Engine.Sqlite).Select(s => s.Name),
            Migrations.Embedded(Engine.PostgreSql).Select(s => s.Name));
    }

    [Fact]
    public void The_sql_hmac_of_the_padded_keys_is_the_audit_keys_hmac()
    {
        // HMAC(K, m) = SHA-256(K^opad || SHA-256(K^ipad || m)), computed here as audit_append does in SQL.
        var key = System.Text.Encoding.UTF8.GetBytes(TestStore.PostgresAuditKey);
        var (inner, outer) = Finance.Data.Audit.PostgresAudit.Pads(key);
        var message = System.Text.Encoding.UTF8.GetBytes("|2026-01-01T00:00:00.000Z|system|insert|loans|1||{\"a\":1}");
        var innerHash = System.Security.Cryptography.SHA256.HashData([.. Convert.FromHexString(inner), .. message]);
        var mac = System.Security.Cryptography.SHA256.HashData([.. Convert.FromHexString(outer), .. innerHash]);
        Assert.Equal(Finance.Data.Audit.AuditKey.Mac(key, System.Text.Encoding.UTF8.GetString(message)), Convert.ToHexStringLower(mac));
    }

    [PostgresOnlyFact]
    public void Migrations_make_the_schema_in_an_empty_database_once_with_a_sealed_valid_trail()
    {
        var connectionString = TestStore.CreatePostgresDatabase();
        try
        {
            var db = new Db(connectionString, auditKey: TestStore.PostgresAuditKey);
            Assert.True(db.Migrate());
            Assert.False(db.Migrate());
            using var c = db.OpenRead();
            Assert.Equal(Migrations.Embedded(Engine.PostgreSql).Count, c.ExecuteScalar<long>("SELECT COUNT(*) FROM schema_migrations"));
            // 0020's reference data: 1 assumption version, 3 classes, 3 correlations, logged by the runner; then the seal.
            Assert.Equal(8, c.ExecuteScalar<long>("SELECT COUNT(*) FROM audit_log"));
            Assert.Equal("audit_checkpoints", c.ExecuteScalar<string>("SELECT table_name FROM audit_log ORDER BY seq DESC LIMIT 1"));
            var verification = db.VerifyAudit();
            Assert.True(verification.Valid, string.Join("; ", verification.Findings.Select(f => f.Detail)));
            Assert.Equal(8, verification.Entries);
        }
        finally
        {
            TestStore.DropPostgresDatabase(connectionString);
        }
    }

    [PostgresOnlyFact]
    public void The_reference_data_loads_in_one_transaction_and_every_row_is_in_the_verified_trail()
    {
        var connectionString = TestStore.CreatePostgresDatabase();
        try
        {
            var db = new Db(connectionString, auditKey: TestStore.PostgresAuditKey);
            db.Migrate();
            DemoData.Load(db, NodaTime.SystemClock.Instance);
            using var c = db.OpenRead();
            // The loan register of the reference (db/seed/loans.csv), one audit entry per loan and per state.
            var loans = c.ExecuteScalar<long>("SELECT COUNT(*) FROM loans");
            Assert.True(loans > 0);
            Assert.Equal(loans, c.ExecuteScalar<long>("SELECT COUNT(*) FROM audit_log WHERE table_name = 'loans' AND action = 'insert'"));
            var verification = db.VerifyAudit();
            Assert.True(verification.Valid, string.Join("; ", verification.Findings.Take(5).Select(f => $"{f.Kind} {f.TableName} {f.RowId}: {f.Detail}")));
        }
        finally
        {
            TestStore.DropPostgresDatabase(connectionString);
        }
    }

    [PostgresOnlyFact]
    public void Truncate_is_refused_on_the_evidence_tables()
    {
        var connectionString = TestStore.CreatePostgresDatabase();
        try
        {
            var db = new Db(connectionString, auditKey: TestStore.PostgresAuditKey);
            db.Migrate();
            using var c = db.Open();
            foreach (var table in new[] { "stress_tests", "snapshots", "report_drafts", "snapshot_heads", "report_commentary" })
            {
                var refused = Assert.Throws<Npgsql.PostgresException>(() => c.Execute($"TRUNCATE {table} CASCADE"));
                Assert.Equal("23001", refused.SqlState); // restrict_violation, refuse_change's
                Assert.Contains("immutable", refused.MessageText, StringComparison.Ordinal);
            }
        }
        finally
        {
            TestStore.DropPostgresDatabase(connectionString);
        }
    }
}
