using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Finance.Tests.Access;

/// <summary>
/// The request body limit (16 MiB by default) on the real Kestrel server in its own process — the in-memory test server
/// does not enforce Kestrel's limits: a body over it, by its Content-Length or chunked, is a 413 problem naming
/// <c>body</c>, and nothing of it is stored.
/// </summary>
public sealed class BodyLimitTests : IDisposable
{
    private const string Key = "limit-test-key";
    private readonly string _folder = Directory.CreateTempSubdirectory("finance-limit-").FullName;
    private readonly Process _process;
    private readonly HttpClient _client;
    private readonly int _port;

    public BodyLimitTests()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Finance.Api.dll"), "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = _folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ConnectionStrings__Finance"] = $"Data Source={Path.Combine(_folder, "finance.db")}";
        start.Environment["Finance__SeedDemoData"] = "false";
        start.Environment["Jobs__Enabled"] = "false";
        start.Environment["Auth__ApiKeys__0__Name"] = "limit-test";
        start.Environment["Auth__ApiKeys__0__Role"] = "treasurer";
        start.Environment["Auth__ApiKeys__0__KeySha256"] = Finance.Data.Access.ApiKeyStore.Hash(Key);
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _port = port;
        _client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        _client.DefaultRequestHeaders.Add("X-Api-Key", Key);
    }

    public void Dispose()
    {
        _client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, true); } catch (IOException) { }
    }

    private async Task WaitHealthy()
    {
        for (var i = 0; i < 300 && !_process.HasExited; i++)
        {
            try
            {
                if ((await _client.GetAsync("/health")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        Assert.Fail("The service did not start.");
    }

    /// <summary>A loan CSV of <paramref name="rows"/> rows (about 100 bytes each).</summary>
    private static byte[] Loans(int rows)
    {
        var csv = new StringBuilder("id,lender,product,category,rateType,ratePct,balanceNok,balanceDate,maturityDate,amortisation\n");
        for (var i = 1; i <= rows; i++)
        {
            csv.Append($"L{i},Kommunalbanken,Serielån,investment,floating,4.25,{1_000_000 + i},2025-12-31,2040-12-31,serial\n");
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    /// <summary>
    /// Sends a POST over a raw connection and reads the answer while still sending, as curl does: the server answers 413
    /// before the body is through and then closes the connection, which HttpClient reports as a failed send instead.
    /// </summary>
    private async Task<(int Status, string Head, JsonElement Problem)> Post(string path, string contentType, byte[] body, bool chunked)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _port);
        var stream = tcp.GetStream();
        var head = $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Api-Key: {Key}\r\nContent-Type: {contentType}\r\nConnection: close\r\n"
            + (chunked ? "Transfer-Encoding: chunked\r\n\r\n" : $"Content-Length: {body.Length}\r\n\r\n");
        var send = Task.Run(async () =>
        {
            try
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
                for (var i = 0; i < body.Length; i += 65536)
                {
                    var n = Math.Min(65536, body.Length - i);
                    if (chunked)
                    {
                        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{n:x}\r\n"));
                    }
                    await stream.WriteAsync(body.AsMemory(i, n));
                    if (chunked)
                    {
                        await stream.WriteAsync("\r\n"u8.ToArray());
                    }
                }
                if (chunked)
                {
                    await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
                }
            }
            catch (IOException)
            {
                // The server closed the connection after its answer.
            }
        });
        var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received);
        }
        catch (IOException)
        {
            // A reset after the answer was read.
        }
        await send;
        var text = Encoding.UTF8.GetString(received.ToArray());
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(split > 0, $"No HTTP answer: {text}");
        var status = int.Parse(text.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        var rest = text[(split + 4)..];
        var json = rest[rest.IndexOf('{')..(rest.LastIndexOf('}') + 1)];
        return (status, text[..split], JsonDocument.Parse(json).RootElement);
    }

    private async Task AssertTooLarge(string path, string contentType, byte[] body, bool chunked)
    {
        var (status, head, problem) = await Post(path, contentType, body, chunked);
        Assert.Equal(413, status);
        Assert.Contains("Content-Type: application/problem+json", head, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
        Assert.True(problem.TryGetProperty("errors", out _), problem.ToString());
        Assert.Contains("16777216", problem.GetProperty("errors").GetProperty("body")[0].GetString());
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_naming_the_body_and_nothing_is_stored()
    {
        await WaitHealthy();
        var body = Loans(180_000);
        Assert.True(body.Length > RequestLimitsMax);

        await AssertTooLarge("/api/loans/import", "text/csv", body, chunked: false);
        // Chunked: no Content-Length, so the limit is hit while reading.
        await AssertTooLarge("/api/loans/import", "text/csv", body, chunked: true);
        // A JSON body, read by the framework's binder.
        var json = Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Repeat("""{"date":"2025-12-31","placementId":"x","marketValueNok":1}""", 300_000)) + "]");
        await AssertTooLarge("/api/fund/valuations", "application/json", json, chunked: true);

        var loans = JsonDocument.Parse(await _client.GetStringAsync("/api/loans")).RootElement;
        Assert.Equal(0, loans.GetArrayLength());

        // Under the limit the same import goes through.
        var small = new ByteArrayContent(Loans(1_000));
        small.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        var ok = await _client.PostAsync("/api/loans/import", small);
        Assert.True(ok.IsSuccessStatusCode, await ok.Content.ReadAsStringAsync());
    }

    private const int RequestLimitsMax = 16 * 1024 * 1024;
}
