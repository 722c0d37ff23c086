using System.Diagnostics;

namespace Finance.Reports;

/// <summary>
/// format=pdf: prints the HTML with headless Debian chromium (<c>/usr/bin/chromium</c>) when it is installed. The HTML
/// is written to a temporary file and chromium runs with a throw-away profile, no network services and no sandbox
/// (the service's user cannot create one in a container).
/// </summary>
public static class PdfPrinter
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static bool Available => File.Exists(ChromiumPath);

    public static async Task<byte[]> Print(string html, CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("finance-pdf-");
        try
        {
            var input = Path.Combine(folder.FullName, "report.html");
            var output = Path.Combine(folder.FullName, "report.pdf");
            await File.WriteAllTextAsync(input, html, ct);
            await Run(["--print-to-pdf=" + output, "--no-pdf-header-footer", new Uri(input).AbsoluteUri], folder.FullName, ct);
            return File.Exists(output) ? await File.ReadAllBytesAsync(output, ct) : throw new InvalidOperationException("chromium produced no PDF.");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Runs headless chromium with the flags the stack notes prescribe, plus <paramref name="arguments"/>.</summary>
    public static async Task Run(IEnumerable<string> arguments, string workFolder, CancellationToken ct)
    {
        var start = new ProcessStartInfo(ChromiumPath) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--user-data-dir=" + Path.Combine(workFolder, "profile") }.Concat(arguments))
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        _ = process.StandardOutput.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"chromium exited with {process.ExitCode}: {await stderr}");
        }
    }
}
