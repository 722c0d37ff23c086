using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Finance.Tests.Access;

/// <summary>
/// Bearer tokens beside the keys, signed here with a shared HMAC key (no identity provider, no network): the token's
/// <c>roles</c> claim gives the same roles as the keys.
/// </summary>
public sealed class JwtTests : IClassFixture<JwtTests.JwtApi>
{
    public sealed class JwtApi : FinanceApiFactory
    {
        public const string SigningKey = "a-test-signing-key-of-at-least-32-bytes!";
        public const string Issuer = "https://login.example.test/finance";
        public const string Audience = "api://finansforvaltning";

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Auth:Jwt:SigningKey", SigningKey);
            builder.UseSetting("Auth:Jwt:Issuer", Issuer);
            builder.UseSetting("Auth:Jwt:Audience", Audience);
        }
    }

    private readonly JwtApi _api;

    public JwtTests(JwtApi api) => _api = api;

    private static string Token(string role, DateTime? expires = null, string signingKey = JwtApi.SigningKey, string audience = JwtApi.Audience)
    {
        var now = DateTime.UtcNow;
        var exp = expires ?? now.AddMinutes(10);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = JwtApi.Issuer,
            Audience = audience,
            NotBefore = exp.AddMinutes(-20),
            IssuedAt = exp.AddMinutes(-20),
            Expires = exp,
            Subject = new ClaimsIdentity([new Claim("sub", "00000000-0000-0000-0000-000000000001"), new Claim("preferred_username", "ola@kommune.no")]),
            Claims = new Dictionary<string, object> { ["roles"] = new[] { role } },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
        });
    }

    private HttpClient Bearer(string token)
    {
        var client = _api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task An_auditor_token_reads_and_may_not_write()
    {
        var auditor = Bearer(Token("auditor"));
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync("/api/fund/holdings?asOf=2025-12-31")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync("/api/audit?limit=1")).StatusCode);
        var write = await auditor.PutAsync("/api/market-data/cpi/2026", new StringContent("""{"index":141}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal("application/problem+json", write.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_treasurer_token_writes_under_the_users_name()
    {
        var (status, _) = await Bearer(Token("treasurer")).Send(HttpMethod.Put, "/api/market-data/cpi/2027", new { index = 143m });
        Assert.Equal(HttpStatusCode.OK, status);
        var log = await _api.Auditor().GetJson("/api/audit?table=cpi&actor=ola@kommune.no");
        Assert.Single(log.EnumerateArray());
    }

    [Theory]
    [InlineData("expired")]
    [InlineData("wrong key")]
    [InlineData("wrong audience")]
    public async Task An_expired_or_foreign_token_is_401(string what)
    {
        var token = what switch
        {
            "expired" => Token("treasurer", expires: DateTime.UtcNow.AddHours(-1)),
            "wrong key" => Token("treasurer", signingKey: "another-signing-key-of-at-least-32-bytes"),
            _ => Token("treasurer", audience: "api://something-else"),
        };
        var response = await Bearer(token).GetAsync("/api/fund/holdings?asOf=2025-12-31");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task A_token_without_a_known_role_is_403_and_keys_still_work()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await Bearer(Token("finance.superuser")).GetAsync("/api/fund/holdings?asOf=2025-12-31")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _api.Viewer().GetAsync("/api/fund/holdings?asOf=2025-12-31")).StatusCode);
    }
}
