using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Finance.Tests.Crash;

/// <summary>
/// The service as a real process on a real SQLite file, killed with SIGKILL in the middle of a 10 000-row loan import:
/// the import is one transaction, so after the crash no row of it is in the database, and the service starts cleanly.
/// </summary>
public sealed class KillDuringImportTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("finance-crash-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, true); } catch (IOException) { }
    }

    private string DatabasePath => Path.Combine(_folder, "finance.db");

    private (Process Process, int Port) Start() =>
        ServiceProcess.Start(_folder, DatabasePath, ("crash-test", "treasurer", "crash-test-key"));

    private static Task<bool> WaitHealthy(HttpClient client, Process process) => ServiceProcess.WaitHealthy(client, process);

    private static string TenThousandLoans()
    {
        var csv = new StringBuilder("id,lender,product,category,rateType,ratePct,balanceNok,balanceDate,maturityDate,amortisation\n");
        for (var i = 1; i <= 10_000; i++)
        {
            csv.Append($"L{i},Kommunalbanken,Serielån,investment,floating,4.25,{1_000_000 + i},2025-12-31,2040-12-31,serial\n");
        }
        return csv.ToString();
    }

    private long LoanRows()
    {
        using var c = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM loans";
        return (long)cmd.ExecuteScalar()!;
    }

    [SqliteOnlyFact("kills a service process whose store is a SQLite file and checks the file")]
    public async Task A_kill_during_a_10000_row_import_leaves_no_row_and_the_service_restarts()
    {
        var csv = TenThousandLoans();
        var killedMidway = false;
        // Kill at increasing delays until one lands while the import is still running (it never ends half-written).
        foreach (var delayMs in new[] { 400, 200, 100, 50, 800, 1500 })
        {
            var (process, port) = Start();
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
            client.DefaultRequestHeaders.Add("X-Api-Key", "crash-test-key");
            Assert.True(await WaitHealthy(client, process), "the service did not start");
            var import = client.PostAsync("/api/loans/import", new StringContent(csv, Encoding.UTF8, "text/csv"));
            await Task.Delay(delayMs);
            var finished = import.IsCompleted;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            try { await import; } catch (HttpRequestException) { } catch (TaskCanceledException) { }
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

            // Restart on the same file: WAL recovery, migrations checked, service healthy.
            var (again, port2) = Start();
            using var client2 = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port2}") };
            Assert.True(await WaitHealthy(client2, again), "the service did not restart after the crash");
            again.Kill(entireProcessTree: true);
            await again.WaitForExitAsync();

            var rows = LoanRows();
            Assert.True(rows is 0 or 10_000, $"a half-written import: {rows} rows");
            if (!finished && rows == 0)
            {
                killedMidway = true;
                break;
            }
            File.Delete(DatabasePath);
            File.Delete(DatabasePath + "-wal");
            File.Delete(DatabasePath + "-shm");
        }
        Assert.True(killedMidway, "no kill landed while the import was running");
    }
}
