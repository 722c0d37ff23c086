using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using Finance.Reports.Snapshots;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Finance.Tests.Jobs;

/// <summary>The Hangfire dashboard at /hangfire behind the browser sign-in: who sees it, who may act.</summary>
public partial class DashboardTests
{
    [GeneratedRegex("<meta name=\"csrf-header\" content=\"([^\"]+)\"")]
    private static partial Regex CsrfHeader();

    [GeneratedRegex("<meta name=\"csrf-token\" content=\"([^\"]+)\"")]
    private static partial Regex CsrfToken();

    [Fact]
    public async Task Treasurer_200_auditor_200_read_only_viewer_and_admin_refused_no_sign_in_refused()
    {
        using var host = new SchedulerHost(SystemClock.Instance, jobsEnabled: false);

        // No sign-in: a browser is sent to the sign-in page and comes back here after it; a POST is refused.
        var anonymous = host.Browser();
        var redirect = await anonymous.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("/signin?returnUrl=%2Fhangfire", redirect.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync("/hangfire/recurring")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/hangfire/recurring/trigger",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["jobs[]"] = "monthly-snapshot" }))).StatusCode);

        // The treasurer sees the jobs with their Norwegian descriptions and the buttons to act.
        var treasurer = await host.SignedIn(FinanceApiFactory.TreasurerKey);
        var home = await treasurer.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        var recurring = await treasurer.GetAsync("/hangfire/recurring");
        Assert.Equal(HttpStatusCode.OK, recurring.StatusCode);
        var page = await recurring.Content.ReadAsStringAsync();
        Assert.Contains("monthly-snapshot", page);
        Assert.Contains("report-drafts", page);
        Assert.Contains("Månedlig øyeblikksbilde", WebUtility.HtmlDecode(page));
        Assert.Contains("Europe/Oslo", page);
        Assert.Contains("data-url=\"/hangfire/recurring/trigger\"", page);

        // The auditor sees the same pages read-only: no buttons, and an action is refused.
        var auditor = await host.SignedIn(FinanceApiFactory.AuditorKey);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync("/hangfire")).StatusCode);
        var auditorRecurring = await auditor.GetAsync("/hangfire/recurring");
        Assert.Equal(HttpStatusCode.OK, auditorRecurring.StatusCode);
        var auditorPage = await auditorRecurring.Content.ReadAsStringAsync();
        Assert.Contains("monthly-snapshot", auditorPage);
        Assert.DoesNotContain("/hangfire/recurring/trigger", auditorPage);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Act(auditor, auditorPage)).StatusCode);

        // Viewers and admins are signed in but refused.
        foreach (var key in new[] { FinanceApiFactory.ViewerKey, FinanceApiFactory.AdminKey })
        {
            var refused = await host.SignedIn(key);
            Assert.Equal(HttpStatusCode.Forbidden, (await refused.GetAsync("/hangfire")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await refused.GetAsync("/hangfire/recurring")).StatusCode);
        }
    }

    [Fact]
    public async Task A_treasurer_triggers_the_monthly_snapshot_from_the_dashboard_and_it_runs()
    {
        using var host = new SchedulerHost(FakeClock.AtOslo(2026, 3, 1), settings: new Dictionary<string, string> { ["Jobs:FirstSnapshotMonth"] = "2026-02" });
        var treasurer = await host.SignedIn(FinanceApiFactory.TreasurerKey);
        var page = await (await treasurer.GetAsync("/hangfire/recurring")).Content.ReadAsStringAsync();

        // Without the page's antiforgery token the action is refused; with it, the job is queued (204).
        var forged = await treasurer.PostAsync("/hangfire/recurring/trigger",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["jobs[]"] = "monthly-snapshot" }));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Act(treasurer, page)).StatusCode);

        await Wait.Until(() =>
        {
            using var c = host.OpenDb();
            return c.ExecuteScalar<long>("SELECT COUNT(*) FROM job_executions WHERE outcome = 'succeeded'") == 1;
        }, "the run queued from the dashboard");
        using var db = host.OpenDb();
        Assert.Equal(1, db.ExecuteScalar<long>("SELECT COUNT(*) FROM snapshots WHERE month = '2026-02'"));
        Assert.Equal("monthly-snapshot", db.ExecuteScalar<string>("SELECT job FROM job_executions"));

        // The succeeded job is on the dashboard with its Norwegian name (its state changes right after the run is recorded).
        var storage = host.Services.GetRequiredService<Hangfire.JobStorage>();
        await Wait.Until(() => storage.GetMonitoringApi().SucceededListCount() == 1, "the job's Succeeded state in Hangfire");
        var succeeded = await (await treasurer.GetAsync("/hangfire/jobs/succeeded")).Content.ReadAsStringAsync();
        Assert.Contains("Månedlig øyeblikksbilde", WebUtility.HtmlDecode(succeeded));
    }

    [Fact]
    public async Task A_failed_run_is_retried_by_a_treasurer_from_the_dashboard_and_not_by_an_auditor()
    {
        // One attempt only (no automatic retry), and the registers are "locked" until the test unlocks them.
        var locked = true;
        StressProvider flaky = (c, tx, asOf) => Volatile.Read(ref locked)
            ? throw new InvalidOperationException("Registrene var låst (simulert feil).")
            : RegisterStressProvider.FromRegisters(c, tx, asOf);
        using var host = new SchedulerHost(FakeClock.AtOslo(2026, 3, 1), stress: flaky,
            settings: new Dictionary<string, string> { ["Jobs:FirstSnapshotMonth"] = "2026-02", ["Jobs:MaxAttempts"] = "1" });
        var (status, body) = await host.Treasurer().Send(HttpMethod.Post, "/api/jobs/monthly-snapshot/trigger", null);
        Assert.Equal(HttpStatusCode.Accepted, status);
        var jobId = body.GetProperty("hangfireJobId").GetString()!;
        var monitoring = host.Services.GetRequiredService<Hangfire.JobStorage>().GetMonitoringApi();
        await Wait.Until(() => monitoring.FailedCount() == 1, "the run to fail");
        long Executions(string outcome)
        {
            using var c = host.OpenDb();
            return c.ExecuteScalar<long>("SELECT COUNT(*) FROM job_executions WHERE outcome = @outcome", new { outcome });
        }
        Assert.Equal(1, Executions("failed"));
        Volatile.Write(ref locked, false);

        // The auditor sees the failed run with its error, but cannot retry it.
        var auditor = await host.SignedIn(FinanceApiFactory.AuditorKey);
        var auditorPage = await (await auditor.GetAsync("/hangfire/jobs/failed")).Content.ReadAsStringAsync();
        Assert.Contains("Registrene var låst", WebUtility.HtmlDecode(auditorPage));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Act(auditor, auditorPage, "/hangfire/jobs/failed/requeue", jobId)).StatusCode);
        Assert.Equal(1, monitoring.FailedCount());

        // The treasurer retries it: it runs again and stores the month.
        var treasurer = await host.SignedIn(FinanceApiFactory.TreasurerKey);
        var page = await (await treasurer.GetAsync("/hangfire/jobs/failed")).Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await Act(treasurer, page, "/hangfire/jobs/failed/requeue", jobId)).StatusCode);
        await Wait.Until(() => Executions("succeeded") == 1, "the retried run");
        using var db = host.OpenDb();
        Assert.Equal(1, db.ExecuteScalar<long>("SELECT COUNT(*) FROM snapshots WHERE month = '2026-02'"));
    }

    /// <summary>A dashboard action as its script sends it (default: "Trigger now" on monthly-snapshot), with the page's antiforgery header.</summary>
    private static async Task<HttpResponseMessage> Act(HttpClient browser, string page, string action = "/hangfire/recurring/trigger", string job = "monthly-snapshot")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, action)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["jobs[]"] = job }),
        };
        if (CsrfHeader().Match(page) is { Success: true } header && CsrfToken().Match(page) is { Success: true } token)
        {
            request.Headers.Add(header.Groups[1].Value, WebUtility.HtmlDecode(token.Groups[1].Value));
        }
        return await browser.SendAsync(request);
    }
}
