using System.Data.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Finance.Tests.Cluster;

/// <summary>
/// One database that several service instances share: when the tests run on PostgreSQL (<see cref="TestStore"/>) a new
/// database on the test server, dropped at the end; else a SQLite file in a temporary folder.
/// </summary>
public sealed class SharedStore : IDisposable
{
    /// <summary>The audit key every instance of a test is configured with (the same on all, as a deployment must).</summary>
    public const string AuditKey = "cluster-test-audit-key-0123456789abcdef";

    private readonly string? _database;

    public SharedStore()
    {
        Folder = Directory.CreateTempSubdirectory("finance-cluster-").FullName;
        if (TestStore.IsPostgres)
        {
            _database = TestStore.CreatePostgresDatabase();
            ConnectionString = _database;
        }
        else
        {
            ConnectionString = $"Data Source={Path.Combine(Folder, "finance.db")}";
        }
    }

    public bool OnPostgres => _database is not null;

    /// <summary>The store's connection string, the same for every instance.</summary>
    public string ConnectionString { get; }

    /// <summary>A working folder for the instances (their key files and logs, never the database on PostgreSQL).</summary>
    public string Folder { get; }

    /// <summary>A plain connection to the store, for counting rows behind the service's back (no audit set-up; read only).</summary>
    public DbConnection OpenPlain()
    {
        DbConnection c = OnPostgres ? new NpgsqlConnection(ConnectionString) : new SqliteConnection(ConnectionString + ";Pooling=False");
        c.Open();
        return c;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (_database is not null)
        {
            TestStore.DropPostgresDatabase(_database);
        }
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>
/// An in-process service instance on a <see cref="SharedStore"/>, with the shared audit key, further settings and test
/// services (e.g. a fake clock).
/// </summary>
public sealed class Instance(SharedStore store, bool seed = true, IDictionary<string, string>? settings = null,
    Action<IServiceCollection>? services = null) : FinanceApiFactory(seed)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ConnectionStrings:Finance", store.ConnectionString);
        builder.UseSetting("Audit:Key", SharedStore.AuditKey);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }
}
