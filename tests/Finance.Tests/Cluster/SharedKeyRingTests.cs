using System.Net;
using Dapper;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Finance.Tests.Cluster;

/// <summary>
/// The browser sign-in across instances: the cookie is encrypted with the data protection key ring kept in the finance
/// database, so instance B reads what instance A issued, while an instance on another database (another key ring) or
/// without the deployment's audit secret (the ring's keys are encrypted under it) does not.
/// </summary>
public sealed class SharedKeyRingTests : IDisposable
{
    private readonly SharedStore _store = new();
    private readonly SharedStore _otherStore = new();

    public void Dispose()
    {
        _store.Dispose();
        _otherStore.Dispose();
    }

    private static async Task<string> SignIn(FinanceApiFactory instance, string key)
    {
        var browser = instance.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var response = await browser.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = key }));
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        return cookie.Split(';')[0];
    }

    private static async Task<string> ReadWithCookie(FinanceApiFactory instance, string cookie)
    {
        var browser = instance.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        // The sign-in page names the signed-in user when the cookie opens (a GET, so the cookie authenticates it).
        using var request = new HttpRequestMessage(HttpMethod.Get, "/signin");
        request.Headers.Add("Cookie", cookie);
        var response = await browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task A_cookie_issued_by_instance_A_is_accepted_by_instance_B_on_the_same_database()
    {
        using var a = new Instance(_store, seed: false);
        using var b = new Instance(_store, seed: false);
        using var elsewhere = new Instance(_otherStore, seed: false);
        var cookie = await SignIn(a, FinanceApiFactory.ViewerKey);

        // B never saw this browser: it opens the cookie with the key A made, read from the database.
        Assert.Contains("logget inn som <strong>test-viewer</strong>", await ReadWithCookie(b, cookie));

        // One key in the ring, in the finance database; an instance of another database has its own ring and refuses it.
        using (var c = _store.OpenPlain())
        {
            Assert.Equal(1L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM data_protection_keys"));
            // The key's secret is stored encrypted (AES-GCM under a key derived from the audit secret), never in clear.
            var xml = c.ExecuteScalar<string>("SELECT xml FROM data_protection_keys")!;
            Assert.StartsWith("<key id=", xml, StringComparison.Ordinal);
            Assert.Contains("<encryptedKey", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("logget inn som", await ReadWithCookie(elsewhere, cookie));

        // A sign-in at B is read at A as well: still the one key.
        Assert.Contains("logget inn som <strong>test-auditor</strong>", await ReadWithCookie(a, await SignIn(b, FinanceApiFactory.AuditorKey)));
        using (var c = _store.OpenPlain())
        {
            Assert.Equal(1L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM data_protection_keys"));
        }

        // The key ring is not in the audit trail (key material is not for auditors to read), which still verifies.
        Assert.True((await b.Auditor().GetJson("/api/audit/verify")).GetProperty("valid").GetBoolean());
        Assert.Equal(0, (await b.Auditor().GetJson("/api/audit?table=data_protection_keys")).GetArrayLength());

        // An instance on this database without the audit secret (so: anyone with a copy of the database) cannot open it.
        using var stranger = new Instance(_store, seed: false, new Dictionary<string, string> { ["Audit:Key"] = "not-the-deployment-audit-key-0123456789" });
        Assert.DoesNotContain("logget inn som", await ReadWithCookie(stranger, cookie));
    }
}
