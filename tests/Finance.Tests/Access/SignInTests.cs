using System.Data.Common;
using System.Net;
using Dapper;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Finance.Tests.Access;

/// <summary>
/// The browser sign-in over real HTTP: a key posted to /signin gives a cookie that reads (a report) and never writes.
/// </summary>
public class SignInTests(SeededApi api) : IClassFixture<SeededApi>
{
    /// <summary>A browser: keeps cookies, does not follow redirects (the tests look at them).</summary>
    private HttpClient Browser(string baseAddress = "http://localhost") =>
        api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri(baseAddress) });

    private static async Task<HttpResponseMessage> SignIn(HttpClient browser, string key, string? returnUrl = null)
    {
        var fields = new Dictionary<string, string> { ["key"] = key };
        if (returnUrl is not null)
        {
            fields["returnUrl"] = returnUrl;
        }
        return await browser.PostAsync("/signin", new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task The_sign_in_page_is_a_Norwegian_form_with_the_field_key()
    {
        var response = await Browser().GetAsync("/signin?returnUrl=/hangfire");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"nb\">", html);
        Assert.Contains("name=\"key\"", html);
        Assert.Contains("Logg inn", html);
        Assert.Contains("name=\"returnUrl\" value=\"/hangfire\"", html);
    }

    [Fact]
    public async Task A_signed_in_browser_reads_the_report_with_the_cookie_alone()
    {
        var browser = Browser();
        var signIn = await SignIn(browser, FinanceApiFactory.ViewerKey, "/api/reports/annual/2025?format=html");
        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        Assert.Equal("/api/reports/annual/2025?format=html", signIn.Headers.Location?.OriginalString);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("finance.signin=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie.Replace("samesite", "", StringComparison.OrdinalIgnoreCase), StringComparison.OrdinalIgnoreCase);

        var report = await browser.GetAsync("/api/reports/annual/2025?format=html");
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.Equal("text/html", report.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Samlet beregnet risiko", await report.Content.ReadAsStringAsync());

        // The page says who is signed in; signing out ends it.
        Assert.Contains("test-viewer", await (await browser.GetAsync("/signin")).Content.ReadAsStringAsync());
        var signOut = await browser.PostAsync("/signout", null);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/reports/annual/2025?format=html")).StatusCode);
    }

    [Fact]
    public async Task Over_https_the_cookie_is_Secure()
    {
        var signIn = await SignIn(Browser("https://localhost"), FinanceApiFactory.AuditorKey);
        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_cookie_of_a_treasurer_cannot_write()
    {
        var browser = Browser();
        Assert.Equal(HttpStatusCode.SeeOther, (await SignIn(browser, FinanceApiFactory.TreasurerKey)).StatusCode);
        long Snapshots()
        {
            using var c = TestStore.OpenOutside(api.ConnectionString);
            return c.ExecuteScalar<long>("SELECT COUNT(*) FROM snapshots");
        }
        var before = Snapshots();

        // The cookie reads …
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/snapshots")).StatusCode);
        // … but a write with the cookie alone is not authenticated, whatever the method.
        var post = await browser.PostAsync("/api/snapshots/2025-11", null);
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Equal("application/problem+json", post.Content.Headers.ContentType?.MediaType);
        using var put = new HttpRequestMessage(HttpMethod.Put, "/api/fund/placements/1") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SendAsync(put)).StatusCode);
        Assert.Equal(before, Snapshots());

        // The same treasurer with the key in the header writes.
        Assert.Equal(HttpStatusCode.Created, (await api.Treasurer().Send(HttpMethod.Post, "/api/snapshots/2025-11", null)).Status);
    }

    [Fact]
    public async Task No_cookie_and_no_key_is_refused_and_a_wrong_key_signs_nobody_in()
    {
        var browser = Browser();
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/reports/annual/2025?format=html")).StatusCode);

        var wrong = await SignIn(browser, "not-a-key");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.False(wrong.Headers.Contains("Set-Cookie"));
        Assert.Contains("Ukjent eller tilbakekalt nøkkel", await wrong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/reports/annual/2025?format=html")).StatusCode);

        // A forged cookie is no sign-in either.
        var forged = Browser();
        forged.DefaultRequestHeaders.Add("Cookie", "finance.signin=forged");
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/api/reports/annual/2025?format=html")).StatusCode);

        // Only a local path is followed after sign-in.
        var elsewhere = await SignIn(Browser(), FinanceApiFactory.ViewerKey, "https://evil.example/");
        Assert.Equal("/signin", elsewhere.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Revoking_the_key_ends_its_browser_session()
    {
        var name = "signin-" + Guid.NewGuid().ToString("N")[..8];
        var (created, key) = await api.Admin().Send(HttpMethod.Post, "/api/admin/keys", new { name, role = "viewer" });
        Assert.Equal(HttpStatusCode.Created, created);
        var browser = Browser();
        Assert.Equal(HttpStatusCode.SeeOther, (await SignIn(browser, key.GetProperty("key").GetString()!)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/snapshots")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await api.Admin().Send(HttpMethod.Delete, $"/api/admin/keys/{name}", null)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/snapshots")).StatusCode);
    }

    [Fact]
    public async Task An_admin_cookie_reads_no_report()
    {
        var browser = Browser();
        Assert.Equal(HttpStatusCode.SeeOther, (await SignIn(browser, FinanceApiFactory.AdminKey)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/api/reports/annual/2025?format=html")).StatusCode);
    }
}
