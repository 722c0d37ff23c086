using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Finance.Tests;

/// <summary>
/// The service as a real process (the built Finance.Api.dll) on a free loopback port and a given SQLite file (or any
/// connection string), without demo data or jobs unless told, with the given treasurer/auditor keys: for the tests that kill it, or change its file while it is stopped.
/// </summary>
internal static class ServiceProcess
{
    /// <summary>Starts the service; <paramref name="keys"/> are (name, role, key) triples configured by their SHA-256.</summary>
    public static (Process Process, int Port) Start(string workingDirectory, string databasePath, params (string Name, string Role, string Key)[] keys) =>
        Start(workingDirectory, $"Data Source={databasePath}", new Dictionary<string, string>(), keys);

    /// <summary>
    /// Starts the service on any store (<paramref name="connectionString"/>: a SQLite file or a PostgreSQL database), with
    /// further settings as environment variables (<c>Section__Key</c>) that override the defaults above.
    /// </summary>
    public static (Process Process, int Port) Start(string workingDirectory, string connectionString, IReadOnlyDictionary<string, string> environment,
        params (string Name, string Role, string Key)[] keys)
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Finance.Api.dll"), "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ConnectionStrings__Finance"] = connectionString;
        start.Environment["Finance__SeedDemoData"] = "false";
        start.Environment["Jobs__Enabled"] = "false";
        for (var i = 0; i < keys.Length; i++)
        {
            start.Environment[$"Auth__ApiKeys__{i}__Name"] = keys[i].Name;
            start.Environment[$"Auth__ApiKeys__{i}__Role"] = keys[i].Role;
            start.Environment[$"Auth__ApiKeys__{i}__KeySha256"] = Finance.Data.Access.ApiKeyStore.Hash(keys[i].Key);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, port);
    }

    /// <summary>True once <c>/health</c> answers 200 (within 30 s); false if the process ends or it does not.</summary>
    public static async Task<bool> WaitHealthy(HttpClient client, Process process)
    {
        for (var i = 0; i < 300 && !process.HasExited; i++)
        {
            try
            {
                if ((await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        return false;
    }
}
